// `[mcp_servers]` → the enabled servers with defaults applied (startup 10 s, tool calls 60 s).

import type { McpServerConfig } from "../protocol/index.js";
import type { McpServerToml } from "./mcp-server-toml.js";

/** codex 0.94's defaults, kept by codex-exec (spec core §10.1 history). */
export const DEFAULT_MCP_STARTUP_TIMEOUT_MS = 10_000;
export const DEFAULT_MCP_TOOL_TIMEOUT_MS = 60_000;

/** Enabled servers in name order; `startup_timeout_sec` wins over `startup_timeout_ms`. */
export function resolveMcpServers(table: Readonly<Record<string, McpServerToml>> | undefined): McpServerConfig[] {
  return Object.entries(table ?? {})
    .filter(([, s]) => s.enabled !== false)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, s]) => ({
      name,
      transport:
        s.command !== undefined
          ? { type: "stdio", command: s.command, args: s.args ?? [], env: s.env ?? {}, envVars: s.env_vars ?? [], cwd: s.cwd ?? null }
          : {
              type: "streamable_http",
              url: s.url ?? "",
              bearerTokenEnvVar: s.bearer_token_env_var ?? null,
              httpHeaders: s.http_headers ?? {},
              envHttpHeaders: s.env_http_headers ?? {},
            },
      required: s.required ?? false,
      startupTimeoutMs:
        s.startup_timeout_sec !== undefined
          ? Math.round(s.startup_timeout_sec * 1000)
          : (s.startup_timeout_ms ?? DEFAULT_MCP_STARTUP_TIMEOUT_MS),
      toolTimeoutMs: s.tool_timeout_sec !== undefined ? Math.round(s.tool_timeout_sec * 1000) : DEFAULT_MCP_TOOL_TIMEOUT_MS,
      enabledTools: s.enabled_tools ?? null,
      disabledTools: s.disabled_tools ?? [],
      supportsParallelToolCalls: s.supports_parallel_tool_calls ?? false,
    }));
}
