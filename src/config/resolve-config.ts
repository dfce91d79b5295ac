// The one place config is resolved: layers + flags + environment → the settings a run uses.

import type { ApprovalPolicy, ReasoningEffort, ReasoningSummary, SandboxMode } from "../protocol/index.js";
import type { ConfigToml } from "./config-schema.js";
import { resolveProvider, type ModelProviderInfo } from "./model-provider.js";

export const DEFAULT_MODEL = "gpt-5.5";

/** Settings from dedicated flags; they beat every config layer. */
export interface HarnessOverrides {
  model?: string | undefined;
  sandboxMode?: SandboxMode | undefined;
}

/** Everything a run is configured with. */
export interface ExecConfig {
  codexHome: string;
  cwd: string;
  model: string;
  provider: ModelProviderInfo;
  reasoningEffort: ReasoningEffort | null;
  reasoningSummary: ReasoningSummary | null;
  verbosity: "low" | "medium" | "high" | null;
  /** Force reasoning parameters on (or off) regardless of the model catalog. */
  supportsReasoningSummaries: boolean | null;
  approvalPolicy: ApprovalPolicy;
  sandboxMode: SandboxMode;
  /** Server-side web search: off, cached index only, or live access. */
  webSearch: "disabled" | "cached" | "live";
  profile: string | null;
  warnings: string[];
}

export interface ResolveInput {
  toml: ConfigToml;
  profile: string | null;
  warnings: string[];
  codexHome: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  overrides: HarnessOverrides;
}

/** Combine the loaded layers with flag overrides. exec never asks for approval: policy is `never`. */
export function resolveExecConfig(input: ResolveInput): ExecConfig {
  const { toml } = input;
  const sandboxMode = input.overrides.sandboxMode ?? toml.sandbox_mode ?? "read-only";
  return {
    codexHome: input.codexHome,
    cwd: input.cwd,
    model: input.overrides.model ?? toml.model ?? DEFAULT_MODEL,
    provider: resolveProvider(toml, input.env),
    reasoningEffort: toml.model_reasoning_effort ?? null,
    reasoningSummary: toml.model_reasoning_summary ?? null,
    verbosity: toml.model_verbosity ?? null,
    supportsReasoningSummaries: toml.model_supports_reasoning_summaries ?? null,
    approvalPolicy: "never",
    sandboxMode,
    webSearch: webSearchMode(toml.web_search, sandboxMode),
    profile: input.profile,
    warnings: input.warnings,
  };
}

/** Default `cached`; as in codex, without a sandbox a search that is on at all goes live. */
function webSearchMode(configured: ExecConfig["webSearch"] | undefined, sandbox: SandboxMode): ExecConfig["webSearch"] {
  const mode = configured ?? "cached";
  return mode === "cached" && sandbox === "danger-full-access" ? "live" : mode;
}
