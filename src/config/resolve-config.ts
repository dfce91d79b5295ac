// The one place config is resolved: layers + flags + environment → the settings a run uses.

import type { ApprovalPolicy, McpServerConfig, ModelPrice, ReasoningEffort, ReasoningSummary, SandboxMode } from "../protocol/index.js";
import type { ConfigToml } from "./config-schema.js";
import { parseDuration } from "./duration.js";
import { priceFor } from "./model-prices.js";
import { replayProvider, resolveProvider, type ModelProviderInfo } from "./model-provider.js";
import { resolveMcpServers } from "./resolve-mcp-servers.js";

export const DEFAULT_MODEL = "gpt-5.5";
/** codex's `project_doc_max_bytes` default: 32 KiB. */
export const DEFAULT_PROJECT_DOC_MAX_BYTES = 32 * 1024;
/** codex's `project_root_markers` default. */
export const DEFAULT_PROJECT_ROOT_MARKERS: readonly string[] = [".git"];

/** Settings from dedicated flags; they beat every config layer. */
export interface HarnessOverrides {
  model?: string | undefined;
  /** `--oss`: the local provider id, beating `model_provider`. */
  modelProvider?: string | undefined;
  sandboxMode?: SandboxMode | undefined;
  /** `--add-dir`: extra writable roots. */
  addDirs?: readonly string[] | undefined;
  reasoningEffort?: ReasoningEffort | undefined;
  maxOutputTokens?: number | undefined;
  /** `--replay`: the cassette's model and wire, served by the built-in `replay` provider. */
  replay?: { model: string; wire: "responses" | "chat" } | undefined;
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
  /** `max_output_tokens` for every request, or null. */
  maxOutputTokens: number | null;
  /** `service_tier` as the API names it (`fast` is `priority`); null sends none. */
  serviceTier: string | null;
  /** `model_instructions_file`: replaces our base instructions. */
  instructionsFile: string | null;
  /** `instructions`: replaces our base instructions with this text (the file wins when both are set). */
  instructionsText: string | null;
  /** Force reasoning parameters on (or off) regardless of the model catalog. */
  supportsReasoningSummaries: boolean | null;
  approvalPolicy: ApprovalPolicy;
  sandboxMode: SandboxMode;
  /** `[sandbox_workspace_write]` plus `--add-dir`. */
  workspaceWrite: {
    writableRoots: string[];
    networkAccess: boolean;
    excludeTmpdirEnvVar: boolean;
    excludeSlashTmp: boolean;
  };
  /** `[shell_environment_policy]`, with codex's defaults. */
  shellEnvironment: {
    inherit: "all" | "core" | "none";
    ignoreDefaultExcludes: boolean;
    exclude: string[];
    set: Record<string, string>;
    includeOnly: string[];
  };
  /** USD per million tokens for `model`, or null when unknown (cost is then reported as null). */
  price: ModelPrice | null;
  /** `run_timeout` in milliseconds (validated when loaded), or null. */
  runTimeoutMs: number | null;
  /** `model_context_window`, else the catalog's; null when unknown. */
  contextWindow: number | null;
  /** When to compact: `model_auto_compact_token_limit`, else 90 % of the context window; null: never. */
  autoCompactTokenLimit: number | null;
  /** Server-side web search: off, cached index only, or live access. */
  webSearch: "disabled" | "cached" | "live";
  /** `hide_agent_reasoning`: the human transcript leaves out reasoning summaries. */
  hideAgentReasoning: boolean;
  /** Byte budget shared by the project AGENTS.md files; 0 disables project docs. */
  projectDocMaxBytes: number;
  /** Extra per-directory doc names tried after AGENTS.override.md and AGENTS.md. */
  projectDocFallbackFilenames: string[];
  /** What marks the project root for AGENTS.md discovery; empty: search cwd only. */
  projectRootMarkers: string[];
  /** `developer_instructions`: extra developer-message text, null when unset or blank. */
  developerInstructions: string | null;
  includePermissionsInstructions: boolean;
  includeEnvironmentContext: boolean;
  /** Enabled `[mcp_servers]`, in name order. */
  mcpServers: McpServerConfig[];
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
  /** The model catalog's context window for a model (null when unknown); the engine passes model/'s. */
  catalogContextWindow?: (model: string) => number | null;
}

/** Combine the loaded layers with flag overrides. exec never asks for approval: policy is `never`. */
export function resolveExecConfig(input: ResolveInput): ExecConfig {
  const { toml } = input;
  const sandboxMode = input.overrides.sandboxMode ?? toml.sandbox_mode ?? "read-only";
  const replay = input.overrides.replay;
  const model = input.overrides.model ?? replay?.model ?? toml.model ?? DEFAULT_MODEL;
  const provider = resolveProvider(
    input.overrides.modelProvider === undefined ? toml : { ...toml, model_provider: input.overrides.modelProvider },
    input.env,
  );
  const contextWindow = toml.model_context_window ?? input.catalogContextWindow?.(model) ?? null;
  return {
    codexHome: input.codexHome,
    cwd: input.cwd,
    model,
    provider: replay === undefined ? provider : replayProvider(provider, replay.wire),
    reasoningEffort: input.overrides.reasoningEffort ?? toml.model_reasoning_effort ?? null,
    reasoningSummary: toml.model_reasoning_summary ?? null,
    verbosity: toml.model_verbosity ?? null,
    maxOutputTokens: input.overrides.maxOutputTokens ?? toml.model_max_output_tokens ?? null,
    serviceTier: toml.service_tier === "fast" ? "priority" : (toml.service_tier ?? null),
    instructionsFile: toml.model_instructions_file ?? null,
    instructionsText: toml.instructions?.trim() || null,
    supportsReasoningSummaries: toml.model_supports_reasoning_summaries ?? null,
    approvalPolicy: "never",
    sandboxMode,
    workspaceWrite: {
      writableRoots: [...(input.overrides.addDirs ?? []), ...(toml.sandbox_workspace_write?.writable_roots ?? [])],
      networkAccess: toml.sandbox_workspace_write?.network_access ?? false,
      excludeTmpdirEnvVar: toml.sandbox_workspace_write?.exclude_tmpdir_env_var ?? false,
      excludeSlashTmp: toml.sandbox_workspace_write?.exclude_slash_tmp ?? false,
    },
    shellEnvironment: {
      inherit: toml.shell_environment_policy?.inherit ?? "all",
      ignoreDefaultExcludes: toml.shell_environment_policy?.ignore_default_excludes ?? true,
      exclude: [...(toml.shell_environment_policy?.exclude ?? []), ...filtered(toml.shell_environment_policy?.filters, "exclude")],
      set: toml.shell_environment_policy?.set ?? {},
      includeOnly: [
        ...(toml.shell_environment_policy?.include_only ?? []),
        ...filtered(toml.shell_environment_policy?.filters, "include"),
      ],
    },
    webSearch: webSearchMode(toml.web_search, sandboxMode),
    hideAgentReasoning: toml.hide_agent_reasoning ?? false,
    price: priceFor(model, toml.model_prices ?? {}),
    runTimeoutMs: toml.run_timeout === undefined ? null : parseDuration(toml.run_timeout),
    contextWindow,
    autoCompactTokenLimit: toml.model_auto_compact_token_limit ?? (contextWindow === null ? null : Math.floor(contextWindow * 0.9)),
    projectDocMaxBytes: toml.project_doc_max_bytes ?? DEFAULT_PROJECT_DOC_MAX_BYTES,
    projectDocFallbackFilenames: toml.project_doc_fallback_filenames ?? [],
    projectRootMarkers: toml.project_root_markers ?? [...DEFAULT_PROJECT_ROOT_MARKERS],
    developerInstructions: toml.developer_instructions?.trim() ? toml.developer_instructions : null,
    includePermissionsInstructions: toml.include_permissions_instructions ?? true,
    includeEnvironmentContext: toml.include_environment_context ?? true,
    mcpServers: resolveMcpServers(toml.mcp_servers),
    profile: input.profile,
    warnings: input.warnings,
  };
}

/** Default `cached` (`indexed` is the same for us); as in codex, without a sandbox a search that is on at all goes live. */
function webSearchMode(configured: ExecConfig["webSearch"] | "indexed" | undefined, sandbox: SandboxMode): ExecConfig["webSearch"] {
  const mode = configured === undefined || configured === "indexed" ? "cached" : configured;
  return mode === "cached" && sandbox === "danger-full-access" ? "live" : mode;
}

/** The patterns of `shell_environment_policy.filters` that take `action`. */
function filtered(filters: Readonly<Record<string, "include" | "exclude">> | undefined, action: "include" | "exclude"): string[] {
  return Object.entries(filters ?? {}).flatMap(([pattern, a]) => (a === action ? [pattern] : []));
}
