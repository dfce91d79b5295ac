// `-c key=value` parsing: dotted key paths with TOML values, falling back to a literal string.

import { parse as parseToml } from "smol-toml";
import { ConfigError } from "../errors.js";

export interface ConfigOverride {
  path: string[];
  value: unknown;
}

/** Keys that would reach Object.prototype when used as a property path. */
const UNSAFE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

const ALIASES: Record<string, string> = { use_legacy_landlock: "features.use_legacy_landlock" };

/** Parse one `-c` argument; throws ConfigError with codex's wording on a malformed one. */
export function parseConfigOverride(raw: string): ConfigOverride {
  const eq = raw.indexOf("=");
  if (eq < 0) throw overrideError(`Invalid override (missing '='): ${raw}`);
  const key = raw.slice(0, eq).trim();
  const valueText = raw.slice(eq + 1).trim();
  if (key === "") throw overrideError(`Empty key in override: ${raw}`);
  return { path: splitKeyPath(ALIASES[key] ?? key), value: parseValue(valueText) };
}

/** Build a nested table from overrides, applied in order (later wins). */
export function overridesToTable(overrides: readonly ConfigOverride[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const { path, value } of overrides) {
    let cur = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) {
        cur[part] = value;
        return;
      }
      const next = cur[part];
      if (typeof next !== "object" || next === null || Array.isArray(next)) cur[part] = {};
      cur = cur[part] as Record<string, unknown>;
    });
  }
  return root;
}

function parseValue(text: string): unknown {
  try {
    return parseToml(`_x_ = ${text}`)["_x_"];
  } catch {
    // Not a TOML value: codex treats it as a bare string with surrounding quotes removed.
    return text.replace(/^["']+|["']+$/g, "");
  }
}

/** Split `a.b."c.d"` into `["a", "b", "c.d"]`. */
function splitKeyPath(key: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quote: string | null = null;
  for (const ch of key) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ".") {
      parts.push(cur.trim());
      cur = "";
    } else {
      cur += ch;
    }
  }
  parts.push(cur.trim());
  if (parts.some((p) => p === "" || UNSAFE_KEYS.has(p))) throw overrideError(`Invalid key in override: ${key}`);
  return parts;
}

function overrideError(message: string): ConfigError {
  return new ConfigError("config_override_invalid", `Error parsing -c overrides: ${message}`);
}
