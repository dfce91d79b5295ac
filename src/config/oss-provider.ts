// `--oss`: the local provider (Ollama or LM Studio) and the model a run uses, or why it cannot start.

import type { ConfigToml } from "./config-schema.js";
import { ConfigError } from "../errors.js";

export const OSS_PROVIDERS = ["lmstudio", "ollama"] as const;
export type OssProviderId = (typeof OSS_PROVIDERS)[number];

export interface OssSelection {
  providerId: OssProviderId;
  model: string;
}

export interface OssFlags {
  oss: boolean;
  localProvider: OssProviderId | undefined;
  /** `-m`. */
  model: string | undefined;
}

/** null without `--oss`. The provider: `--local-provider`, else `oss_provider`; the model: `-m`, else `model`. */
export function resolveOss(flags: OssFlags, toml: ConfigToml): OssSelection | null {
  if (!flags.oss) return null;
  const providerId = flags.localProvider ?? configuredProvider(toml.oss_provider);
  if (providerId === undefined) {
    throw new ConfigError(
      "config_invalid",
      `Error: No default OSS provider configured. Use --local-provider=provider or set oss_provider to one of: ${OSS_PROVIDERS.join(", ")} in config.toml`,
    );
  }
  const model = flags.model ?? toml.model;
  if (model === undefined) {
    throw new ConfigError(
      "config_invalid",
      `Error: --oss needs a model the ${providerId} server has: pass -m <model> or set model in config.toml (for example model = "gpt-oss:20b")`,
    );
  }
  return { providerId, model };
}

function configuredProvider(value: unknown): OssProviderId | undefined {
  if (value === undefined) return undefined;
  const found = OSS_PROVIDERS.find((p) => p === value);
  if (found === undefined) {
    throw new ConfigError(
      "config_invalid",
      `Error: oss_provider = ${JSON.stringify(value)} is not supported; use one of: ${OSS_PROVIDERS.join(", ")}`,
    );
  }
  return found;
}
