// The shape of config.toml (and of every `-c` / profile layer): known keys, validated with zod.

import { z } from "../protocol/zod.js";
import { ModelPrice } from "../protocol/index.js";
import { DURATION_EXPECTED, MAX_DURATION_MS, parseDuration } from "./duration.js";
import { McpServersToml } from "./mcp-server-toml.js";

export const ReasoningEffortSchema = z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]);
export const ReasoningSummarySchema = z.enum(["auto", "concise", "detailed", "none"]);
export const VerbositySchema = z.enum(["low", "medium", "high"]);
export const ApprovalPolicySchema = z.enum(["untrusted", "on-failure", "on-request", "never"]);
export const SandboxModeSchema = z.enum(["read-only", "workspace-write", "danger-full-access"]);

const StringMap = z.record(z.string(), z.string());
const RetryCount = z.number().check(z.int(), z.gte(0));

/** `[model_providers.<id>]`. */
export const ProviderToml = z.strictObject({
  name: z.optional(z.string()),
  base_url: z.optional(z.string()),
  env_key: z.optional(z.string()),
  env_key_instructions: z.optional(z.string()),
  experimental_bearer_token: z.optional(z.string()),
  wire_api: z.optional(z.enum(["responses", "chat"])),
  query_params: z.optional(StringMap),
  http_headers: z.optional(StringMap),
  env_http_headers: z.optional(StringMap),
  request_max_retries: z.optional(RetryCount),
  stream_max_retries: z.optional(RetryCount),
  stream_idle_timeout_ms: z.optional(z.number().check(z.int(), z.positive(), z.lte(MAX_DURATION_MS))),
  /** Our addition: first retry delay (doubles each attempt); lets tests and impatient CI go fast. */
  retry_base_delay_ms: z.optional(z.number().check(z.int(), z.gte(0))),
  requires_openai_auth: z.optional(z.boolean()),
  supports_websockets: z.optional(z.boolean()),
  websocket_connect_timeout_ms: z.optional(z.number().check(z.int(), z.positive())),
});
export type ProviderToml = z.infer<typeof ProviderToml>;

/** Keys that may be set at top level and inside `[profiles.<name>]`. */
const profileShape = {
  model: z.optional(z.string().check(z.minLength(1))),
  model_provider: z.optional(z.string().check(z.minLength(1))),
  model_reasoning_effort: z.optional(ReasoningEffortSchema),
  model_reasoning_summary: z.optional(ReasoningSummarySchema),
  model_verbosity: z.optional(VerbositySchema),
  model_supports_reasoning_summaries: z.optional(z.boolean()),
  /** Read only to be checked: exec has nobody to ask, so every policy runs as `never` (README "Config"). */
  approval_policy: z.optional(z.union([ApprovalPolicySchema, z.strictObject({ granular: z.record(z.string(), z.boolean()) })])),
  sandbox_mode: z.optional(SandboxModeSchema),
  openai_base_url: z.optional(z.string()),
  /** Any tier id codex would send; `fast` is the API's `priority`. */
  service_tier: z.optional(z.string().check(z.minLength(1))),
  /** `indexed` is codex's name for a search over its index only: for us, the cached mode. */
  web_search: z.optional(z.enum(["disabled", "cached", "indexed", "live"])),
  model_instructions_file: z.optional(z.string().check(z.minLength(1))),
  model_max_output_tokens: z.optional(z.number().check(z.int(), z.gte(1), z.lte(128_000))),
  model_context_window: z.optional(z.number().check(z.int(), z.positive())),
  model_auto_compact_token_limit: z.optional(z.number().check(z.int(), z.positive())),
};

export const ProfileToml = z.strictObject(profileShape);
export type ProfileToml = z.infer<typeof ProfileToml>;

/** The whole config.toml. */
export const ConfigToml = z.strictObject({
  ...profileShape,
  profile: z.optional(z.string().check(z.minLength(1))),
  profiles: z.optional(z.record(z.string(), ProfileToml)),
  model_providers: z.optional(z.record(z.string(), ProviderToml)),
  /** Our addition: `[model_prices."<model>"] input, cached_input, output` in USD per million tokens. */
  model_prices: z.optional(z.record(z.string(), ModelPrice)),
  /** Our addition: a limit for the whole run, e.g. "15m" (as `--timeout`). */
  run_timeout: z.optional(
    z.union([z.string(), z.number()]).check(z.refine((v) => parseDuration(v) !== null, { error: `expected ${DURATION_EXPECTED}` })),
  ),
  sandbox_workspace_write: z.optional(
    z.strictObject({
      writable_roots: z.optional(z.array(z.string())),
      network_access: z.optional(z.boolean()),
      exclude_tmpdir_env_var: z.optional(z.boolean()),
      exclude_slash_tmp: z.optional(z.boolean()),
    }),
  ),
  shell_environment_policy: z.optional(
    z.strictObject({
      inherit: z.optional(z.enum(["all", "core", "none"])),
      ignore_default_excludes: z.optional(z.boolean()),
      exclude: z.optional(z.array(z.string())),
      set: z.optional(z.record(z.string(), z.string())),
      include_only: z.optional(z.array(z.string())),
      /** codex's table form of the two lists above: `"<pattern>" = "include" | "exclude"`. */
      filters: z.optional(z.record(z.string(), z.enum(["include", "exclude"]))),
      experimental_use_profile: z.optional(z.boolean()),
    }),
  ),
  mcp_servers: z.optional(McpServersToml),
  /** Shared byte budget for project AGENTS.md files; 0 turns project docs off. */
  project_doc_max_bytes: z.optional(z.number().check(z.int(), z.gte(0))),
  /** Names tried after AGENTS.override.md and AGENTS.md in each directory. */
  project_doc_fallback_filenames: z.optional(z.array(z.string())),
  /** Entries (file or directory) marking the project root; `[]` means only cwd is searched. */
  project_root_markers: z.optional(z.array(z.string())),
  instructions: z.optional(z.string()),
  developer_instructions: z.optional(z.string()),
  include_permissions_instructions: z.optional(z.boolean()),
  include_environment_context: z.optional(z.boolean()),
  hide_agent_reasoning: z.optional(z.boolean()),
  /** Checked where `--oss` reads it (oss-provider.ts), with a message naming the choices. */
  oss_provider: z.optional(z.unknown()),
});
export type ConfigToml = z.infer<typeof ConfigToml>;
