// `[mcp_servers.<name>]` in config.toml: stdio or streamable HTTP, plus the common keys (spec core §10.1).

import { z } from "../protocol/zod.js";

const StringMap = z.record(z.string(), z.string());
const Seconds = z.number().check(z.nonnegative());

const STDIO_ONLY = ["args", "env", "env_vars", "cwd"] as const;
const HTTP_ONLY = ["bearer_token_env_var", "http_headers", "env_http_headers"] as const;

/** One server entry; exactly one of `command` (stdio) or `url` (streamable HTTP). */
export const McpServerToml = z
  .strictObject({
    command: z.optional(z.string().check(z.minLength(1))),
    args: z.optional(z.array(z.string())),
    env: z.optional(StringMap),
    env_vars: z.optional(z.array(z.string())),
    cwd: z.optional(z.string()),
    url: z.optional(z.url()),
    bearer_token_env_var: z.optional(z.string().check(z.minLength(1))),
    http_headers: z.optional(StringMap),
    env_http_headers: z.optional(StringMap),
    enabled: z.optional(z.boolean()),
    required: z.optional(z.boolean()),
    startup_timeout_sec: z.optional(Seconds),
    startup_timeout_ms: z.optional(z.number().check(z.int(), z.nonnegative())),
    tool_timeout_sec: z.optional(Seconds),
    enabled_tools: z.optional(z.array(z.string())),
    disabled_tools: z.optional(z.array(z.string())),
    supports_parallel_tool_calls: z.optional(z.boolean()),
    // codex keys read by features exec does not have (OAuth login, approval prompts): accepted, ignored.
    scopes: z.optional(z.array(z.string())),
    oauth_resource: z.optional(z.string()),
    tools: z.optional(z.unknown()),
    default_tools_approval_mode: z.optional(z.unknown()),
  })
  .check(
    z.superRefine((server, ctx) => {
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
    }),
  );
export type McpServerToml = z.infer<typeof McpServerToml>;

/** `[mcp_servers]`: names as codex accepts them (`[A-Za-z0-9_-]+`). */
export const McpServersToml = z.record(z.string(), McpServerToml).check(
  z.superRefine((servers, ctx) => {
    for (const name of Object.keys(servers)) {
      if (!/^[A-Za-z0-9_-]+$/.test(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: "MCP server names may contain only letters, digits, `_` and `-`" });
      }
    }
  }),
);
