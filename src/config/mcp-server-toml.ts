// `[mcp_servers.<name>]` in config.toml: stdio or streamable HTTP, plus the common keys (spec core §10.1).

import { z } from "zod";

const StringMap = z.record(z.string(), z.string());
const Seconds = z.number().nonnegative();

const STDIO_ONLY = ["args", "env", "env_vars", "cwd"] as const;
const HTTP_ONLY = ["bearer_token_env_var", "http_headers", "env_http_headers"] as const;

/** One server entry; exactly one of `command` (stdio) or `url` (streamable HTTP). */
export const McpServerToml = z
  .strictObject({
    command: z.string().min(1).optional(),
    args: z.array(z.string()).optional(),
    env: StringMap.optional(),
    env_vars: z.array(z.string()).optional(),
    cwd: z.string().optional(),
    url: z.url().optional(),
    bearer_token_env_var: z.string().min(1).optional(),
    http_headers: StringMap.optional(),
    env_http_headers: StringMap.optional(),
    enabled: z.boolean().optional(),
    required: z.boolean().optional(),
    startup_timeout_sec: Seconds.optional(),
    startup_timeout_ms: z.number().int().nonnegative().optional(),
    tool_timeout_sec: Seconds.optional(),
    enabled_tools: z.array(z.string()).optional(),
    disabled_tools: z.array(z.string()).optional(),
    supports_parallel_tool_calls: z.boolean().optional(),
    // codex keys read by features exec does not have (OAuth login, approval prompts): accepted, ignored.
    scopes: z.array(z.string()).optional(),
    oauth_resource: z.string().optional(),
    tools: z.unknown().optional(),
    default_tools_approval_mode: z.unknown().optional(),
  })
  .superRefine((server, ctx) => {
    if (server.command === undefined && server.url === undefined) {
      ctx.addIssue({ code: "custom", message: "an MCP server needs `command` (stdio) or `url` (streamable HTTP)" });
      return;
    }
    if (server.command !== undefined && server.url !== undefined) {
      ctx.addIssue({ code: "custom", path: ["url"], message: "`command` and `url` cannot both be set" });
      return;
    }
    const [misplaced, kind] = server.command !== undefined ? [HTTP_ONLY, "stdio"] : [STDIO_ONLY, "streamable HTTP"];
    for (const key of misplaced) {
      if (server[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `not supported for ${kind} servers` });
    }
  });
export type McpServerToml = z.infer<typeof McpServerToml>;

/** `[mcp_servers]`: names as codex accepts them (`[A-Za-z0-9_-]+`). */
export const McpServersToml = z.record(z.string(), McpServerToml).superRefine((servers, ctx) => {
  for (const name of Object.keys(servers)) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) {
      ctx.addIssue({ code: "custom", path: [name], message: "MCP server names may contain only letters, digits, `_` and `-`" });
    }
  }
});
