// Validates one config layer (a file or the `-c` overrides) and names the offending key on failure.

import type { z } from "../protocol/zod.js";
import { ConfigError } from "../errors.js";
import { ConfigToml } from "./config-schema.js";
import { collectForeignKeys } from "./foreign-config-keys.js";

export interface ValidatedLayer {
  value: ConfigToml;
  /** Dotted paths of keys neither we nor codex know (typos, or keys of other tools). */
  unknownKeys: string[];
  /** Dotted paths we do not know inside tables codex keeps growing (providers, MCP servers, profiles). */
  lenientKeys: string[];
}

export const EMPTY_LAYER: ValidatedLayer = { value: {}, unknownKeys: [], lenientKeys: [] };

/**
 * Parse `raw` as a config layer from `source`; throws ConfigError naming source, key and problem. Keys our
 * schema does not read are dropped: codex's quietly, the rest reported.
 */
export function validateLayer(raw: unknown, source: string): ValidatedLayer {
  const foreign = { unknown: [] as string[], lenient: [] as string[] };
  let candidate = raw;
  for (;;) {
    const result = ConfigToml.safeParse(candidate);
    if (result.success) return { value: result.data, unknownKeys: foreign.unknown, lenientKeys: foreign.lenient };
    const real = result.error.issues.find((i) => i.code !== "unrecognized_keys");
    if (real) throw new ConfigError("config_invalid", `Error loading config.toml: ${source}: ${describeIssue(real, candidate)}`);
    const stripped = structuredClone(candidate);
    for (const issue of result.error.issues) {
      if (issue.code !== "unrecognized_keys") continue;
      const owner = lookup(stripped, issue.path);
      for (const key of issue.keys) {
        if (!isRecord(owner)) continue;
        collectForeignKeys([...issue.path.map(String), key], owner[key], foreign);
        delete owner[key];
      }
    }
    candidate = stripped;
  }
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const key = issue.path.map(String).join(".") || "(top level)";
  const got = lookup(raw, issue.path);
  const shown = got === undefined ? "" : ` (got ${JSON.stringify(got)})`;
  return `\`${key}\`: ${issue.message}${shown}`;
}

function lookup(value: unknown, path: readonly PropertyKey[]): unknown {
  let cur = value;
  for (const part of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[String(part)];
  }
  return cur;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
