// Reads and layers config: user config.toml < profile < `-c` overrides, each validated on its own.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import { castToError, ConfigError } from "../errors.js";
import { parseConfigOverride, overridesToTable } from "./config-overrides.js";
import type { ConfigToml } from "./config-schema.js";
import { deepMerge } from "./deep-merge.js";
import { EMPTY_LAYER, validateLayer } from "./validate-layer.js";

export interface LoadConfigOptions {
  codexHome: string;
  /** Raw `-c key=value` strings, in command-line order. */
  overrides: readonly string[];
  /** `--profile`; otherwise the `profile` key of the merged layers. */
  profile?: string | undefined;
  ignoreUserConfig: boolean;
  strict: boolean;
}

export interface LoadedConfig {
  toml: ConfigToml;
  profile: string | null;
  /** Human-readable, one per line: settings that were ignored. */
  warnings: string[];
  /** Keys in provider, MCP server and profile tables that neither we nor codex 0.169 list: for the debug log. */
  lenientKeys: string[];
}

const PROFILE_NAME = /^[A-Za-z0-9_-]+$/;

/** Load and merge every config layer; throws ConfigError naming file, key and problem. */
export async function loadConfig(opts: LoadConfigOptions): Promise<LoadedConfig> {
  const overrideLayer = validateLayer(
    overridesToTable(opts.overrides.map(parseConfigOverride)),
    "-c/--config override",
  );
  const userPath = path.join(opts.codexHome, "config.toml");
  const userLayer = opts.ignoreUserConfig
    ? EMPTY_LAYER
    : validateLayer((await readTomlFile(userPath)) ?? {}, userPath);

  const profile = opts.profile ?? overrideLayer.value.profile ?? userLayer.value.profile ?? null;
  const profileLayers: ConfigToml[] = [];
  const unknown: Array<[string, string[]]> = [
    [userPath, userLayer.unknownKeys],
    ["-c/--config override", overrideLayer.unknownKeys],
  ];
  const lenientKeys = [...userLayer.lenientKeys, ...overrideLayer.lenientKeys];
  if (profile !== null) {
    if (!PROFILE_NAME.test(profile)) {
      throw new ConfigError("config_invalid", `Error: invalid profile name \`${profile}\` (use letters, digits, '-' and '_')`);
    }
    // The profile, lowest first: [profiles.NAME] of config.toml, NAME.config.toml, then `-c profiles.NAME.*`
    // (which adjusts the profile key by key, as any -c does, rather than replacing it).
    const userTable = userLayer.value.profiles?.[profile];
    if (userTable) profileLayers.push(userTable);
    const filePath = path.join(opts.codexHome, `${profile}.config.toml`);
    const fileRaw = opts.ignoreUserConfig ? undefined : await readTomlFile(filePath);
    if (fileRaw !== undefined) {
      const layer = validateLayer(fileRaw, filePath);
      profileLayers.push(layer.value);
      unknown.push([filePath, layer.unknownKeys]);
      lenientKeys.push(...layer.lenientKeys);
    }
    const overrideTable = overrideLayer.value.profiles?.[profile];
    if (overrideTable) profileLayers.push(overrideTable);
    if (profileLayers.length === 0) {
      throw new ConfigError(
        "config_profile_missing",
        `Error: config profile \`${profile}\` not found (add [profiles.${profile}] to ${userPath} or create ${filePath})`,
      );
    }
  }

  const warnings: string[] = [];
  for (const [source, keys] of unknown) {
    for (const key of keys) {
      if (opts.strict) {
        throw new ConfigError(
          "config_invalid",
          `Error loading config.toml: unknown configuration field \`${key}\` in ${source}`,
        );
      }
      warnings.push(`ignoring unknown configuration field \`${key}\` in ${source}`);
    }
  }

  const merged = deepMerge(userLayer.value, ...profileLayers, overrideLayer.value) as ConfigToml;
  return { toml: merged, profile, warnings, lenientKeys };
}

/** Parsed TOML of a file, or undefined when it does not exist. */
async function readTomlFile(file: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConfigError("config_unreadable", `Error loading config.toml: ${file}: ${castToError(err).message}`, {
      cause: err,
    });
  }
  let text: string;
  try {
    // TOML is UTF-8; a file in another encoding would otherwise load with U+FFFD in its values.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError("config_invalid", `Error loading config.toml: ${file}: not UTF-8 text; save it as UTF-8`);
  }
  try {
    return parseToml(text);
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split("\n")[0] ?? err.message;
      throw new ConfigError("config_invalid", `Error loading config.toml: ${file}:${err.line}:${err.column}: ${first}`, {
        cause: err,
      });
    }
    throw err;
  }
}
