// A configured MCP server after config resolution: what the MCP client layer needs to start and use it.

/** How to reach the server: a child process over stdio, or streamable HTTP. */
export type McpTransportConfig =
  | {
      type: "stdio";
      command: string;
      args: string[];
      /** Variables set for the server (on top of the shell environment policy result). */
      env: Record<string, string>;
      /** Names of variables forwarded from codex-exec's own environment. */
      envVars: string[];
      cwd: string | null;
    }
  | {
      type: "streamable_http";
      url: string;
      /** Variable holding the bearer token (`Authorization: Bearer <value>`). */
      bearerTokenEnvVar: string | null;
      httpHeaders: Record<string, string>;
      /** Header name → variable holding its value. */
      envHttpHeaders: Record<string, string>;
    };

/** One enabled `[mcp_servers.<name>]` entry, defaults applied. */
export interface McpServerConfig {
  name: string;
  transport: McpTransportConfig;
  /** A required server that fails to start fails the run. */
  required: boolean;
  startupTimeoutMs: number;
  toolTimeoutMs: number;
  /** Allow-list of tool names; null: all tools. */
  enabledTools: string[] | null;
  disabledTools: string[];
  /** Whether its tools may run concurrently with other parallel-safe calls. */
  supportsParallelToolCalls: boolean;
}
