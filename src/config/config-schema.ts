// The shape of config.toml (and of every `-c` / profile layer): known keys, validated with zod.

import { z } from "zod";
import { ModelPrice } from "../protocol/index.js";
import { McpServersToml } from "./mcp-server-toml.js";

export const ReasoningEffortSchema = z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]);
export const ReasoningSummarySchema = z.enum(["auto", "concise", "detailed", "none"]);
export const VerbositySchema = z.enum(["low", "medium", "high"]);
export const ApprovalPolicySchema = z.enum(["untrusted", "on-failure", "on-request", "never"]);
export const SandboxModeSchema = z.enum(["read-only", "workspace-write", "danger-full-access"]);

const StringMap = z.record(z.string(), z.string());
const RetryCount = z.number().int().min(0);

/** `[model_providers.<id>]`. */
export const ProviderToml = z.strictObject({
  name: z.string().optional(),
  base_url: z.string().optional(),
  env_key: z.string().optional(),
  env_key_instructions: z.string().optional(),
  experimental_bearer_token: z.string().optional(),
  wire_api: z.enum(["responses", "chat"]).optional(),
  query_params: StringMap.optional(),
  http_headers: StringMap.optional(),
  env_http_headers: StringMap.optional(),
  request_max_retries: RetryCount.optional(),
  stream_max_retries: RetryCount.optional(),
  stream_idle_timeout_ms: z.number().int().positive().optional(),
  /** Our addition: first retry delay (doubles each attempt); lets tests and impatient CI go fast. */
  retry_base_delay_ms: z.number().int().min(0).optional(),
  requires_openai_auth: z.boolean().optional(),
  supports_websockets: z.boolean().optional(),
  websocket_connect_timeout_ms: z.number().int().positive().optional(),
});
export type ProviderToml = z.infer<typeof ProviderToml>;

/** Keys that may be set at top level and inside `[profiles.<name>]`. */
const profileShape = {
  model: z.string().min(1).optional(),
  model_provider: z.string().min(1).optional(),
  model_reasoning_effort: ReasoningEffortSchema.optional(),
  model_reasoning_summary: ReasoningSummarySchema.optional(),
  model_verbosity: VerbositySchema.optional(),
  model_supports_reasoning_summaries: z.boolean().optional(),
  approval_policy: ApprovalPolicySchema.optional(),
  sandbox_mode: SandboxModeSchema.optional(),
  openai_base_url: z.string().optional(),
  // Keys codex knows that later features read; accepted here so they never warn as typos.
  service_tier: z.unknown().optional(),
  personality: z.unknown().optional(),
  web_search: z.enum(["disabled", "cached", "live"]).optional(),
  tools: z.unknown().optional(),
  features: z.unknown().optional(),
  model_instructions_file: z.string().min(1).optional(),
  model_max_output_tokens: z.number().int().min(1).max(128_000).optional(),
  model_context_window: z.number().int().positive().optional(),
  model_auto_compact_token_limit: z.number().int().positive().optional(),
  tool_output_token_limit: z.unknown().optional(),
};

export const ProfileToml = z.strictObject(profileShape);
export type ProfileToml = z.infer<typeof ProfileToml>;

/** The whole config.toml. */
export const ConfigToml = z.strictObject({
  ...profileShape,
  profile: z.string().min(1).optional(),
  profiles: z.record(z.string(), ProfileToml).optional(),
  model_providers: z.record(z.string(), ProviderToml).optional(),
  /** Our addition: `[model_prices."<model>"] input, cached_input, output` in USD per million tokens. */
  model_prices: z.record(z.string(), ModelPrice).optional(),
  /** Our addition: a limit for the whole run, e.g. "15m" (as `--timeout`). */
  run_timeout: z.union([z.string(), z.number().positive()]).optional(),
  // Accepted for compatibility with codex; read by later features or deliberately ignored.
  sandbox_workspace_write: z
    .strictObject({
      writable_roots: z.array(z.string()).optional(),
      network_access: z.boolean().optional(),
      exclude_tmpdir_env_var: z.boolean().optional(),
      exclude_slash_tmp: z.boolean().optional(),
    })
    .optional(),
  shell_environment_policy: z
    .strictObject({
      inherit: z.enum(["all", "core", "none"]).optional(),
      ignore_default_excludes: z.boolean().optional(),
      exclude: z.array(z.string()).optional(),
      set: z.record(z.string(), z.string()).optional(),
      include_only: z.array(z.string()).optional(),
      experimental_use_profile: z.boolean().optional(),
    })
    .optional(),
  allow_login_shell: z.unknown().optional(),
  background_terminal_max_timeout: z.unknown().optional(),
  mcp_servers: McpServersToml.optional(),
  /** Shared byte budget for project AGENTS.md files; 0 turns project docs off. */
  project_doc_max_bytes: z.number().int().min(0).optional(),
  /** Names tried after AGENTS.override.md and AGENTS.md in each directory. */
  project_doc_fallback_filenames: z.array(z.string()).optional(),
  /** Entries (file or directory) marking the project root; `[]` means only cwd is searched. */
  project_root_markers: z.array(z.string()).optional(),
  instructions: z.unknown().optional(),
  developer_instructions: z.string().optional(),
  compact_prompt: z.unknown().optional(),
  experimental_compact_prompt_file: z.unknown().optional(),
  include_permissions_instructions: z.boolean().optional(),
  include_environment_context: z.boolean().optional(),
  include_apps_instructions: z.unknown().optional(),
  history: z.unknown().optional(),
  notify: z.unknown().optional(),
  hide_agent_reasoning: z.unknown().optional(),
  show_raw_agent_reasoning: z.unknown().optional(),
  projects: z.unknown().optional(),
  oss_provider: z.unknown().optional(),
  file_opener: z.unknown().optional(),
  tui: z.unknown().optional(),
  hooks: z.unknown().optional(),
  skills: z.unknown().optional(),
  plugins: z.unknown().optional(),
  agents: z.unknown().optional(),
  memories: z.unknown().optional(),
  apps: z.unknown().optional(),
  otel: z.unknown().optional(),
  analytics: z.unknown().optional(),
  approvals_reviewer: z.unknown().optional(),
  model_reasoning_summary_format: z.unknown().optional(),
  disable_response_storage: z.unknown().optional(),
  chatgpt_base_url: z.unknown().optional(),
  preferred_auth_method: z.unknown().optional(),
  forced_login_method: z.unknown().optional(),
  windows_wsl_setup_acknowledged: z.unknown().optional(),
  notice: z.unknown().optional(),
});
export type ConfigToml = z.infer<typeof ConfigToml>;
