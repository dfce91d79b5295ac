// `list_mcp_resources`, `list_mcp_resource_templates`, `read_mcp_resource`: MCP resources for the model, as JSON text.

import { z } from "../../protocol/zod.js";
import type { ToolContext, ToolHandler, ToolResult } from "../tool-router.js";
import { functionSpec } from "../function-spec.js";
import { parseCallArgs } from "../parse-tool-args.js";
import type { McpConnection, McpOutcome, McpPage } from "./mcp-connection.js";

const ListArgs = z.object({
  server: z.optional(z.string()).check(z.describe("Optional MCP server name. When omitted, lists resources from every configured server.")),
  cursor: z.optional(z.string()).check(z.describe("Opaque cursor returned by a previous list_mcp_resources call for the same server.")),
});
const ListTemplatesArgs = z.object({
  server: z
    .optional(z.string())
    .check(z.describe("Optional MCP server name. When omitted, lists resource templates from all configured servers.")),
  cursor: z
    .optional(z.string())
    .check(z.describe("Opaque cursor returned by a previous list_mcp_resource_templates call for the same server.")),
});
const ReadArgs = z.object({
  server: z
    .string()
    .check(z.describe("MCP server name exactly as configured. Must match the 'server' field returned by list_mcp_resources.")),
  uri: z.string().check(z.describe("Resource URI to read. Must be one of the URIs returned by list_mcp_resources.")),
});

/** The three resource tools over the servers that started (in name order). */
export function mcpResourceTools(connections: readonly McpConnection[]): ToolHandler[] {
  const byName = new Map(connections.map((c) => [c.server, c]));
  const lister = (tool: string, key: "resources" | "resourceTemplates", list: ListFn): ToolHandler["handle"] =>
    async (call, ctx) => {
      const args = parseCallArgs(call, ListArgs);
      if (!args.ok) return args.result;
      const { server, cursor } = args.value;
      return withEvents(ctx, server ?? "codex", tool, args.value, async () => {
        if (server === undefined) {
          if (cursor !== undefined) return { ok: false, error: "cursor can only be used when a server is specified" };
          const all = await listEverywhere(connections, list, ctx);
          return { ok: true, value: { [key]: all } };
        }
        const conn = byName.get(server);
        if (!conn) return { ok: false, error: unknownServer(server) };
        const page = await list(conn, cursor, ctx.signal);
        if (!page.ok) return page;
        return {
          ok: true,
          value: {
            server,
            [key]: page.value.items.map((item) => ({ server, ...item })),
            ...(page.value.nextCursor === undefined ? {} : { nextCursor: page.value.nextCursor }),
          },
        };
      });
    };
  return [
    {
      spec: functionSpec(
        "list_mcp_resources",
        "Lists resources provided by MCP servers. Resources allow servers to share data that provides context to language models, such as files, database schemas, or application-specific information. Prefer resources over web search when possible.",
        ListArgs,
      ),
      parallelSafe: true,
      handle: lister("list_mcp_resources", "resources", (c, cursor, signal) => c.listResources(cursor, signal)),
    },
    {
      spec: functionSpec(
        "list_mcp_resource_templates",
        "Lists resource templates provided by MCP servers. Parameterized resource templates allow servers to share data that takes parameters and provides context to language models, such as files, database schemas, or application-specific information. Prefer resource templates over web search when possible.",
        ListTemplatesArgs,
      ),
      parallelSafe: true,
      handle: lister("list_mcp_resource_templates", "resourceTemplates", (c, cursor, signal) => c.listResourceTemplates(cursor, signal)),
    },
    {
      spec: functionSpec(
        "read_mcp_resource",
        "Read a specific resource from an MCP server given the server name and resource URI.",
        ReadArgs,
      ),
      parallelSafe: true,
      handle: async (call, ctx) => {
        const args = parseCallArgs(call, ReadArgs);
        if (!args.ok) return args.result;
        const { server, uri } = args.value;
        return withEvents(ctx, server, "read_mcp_resource", args.value, async () => {
          const conn = byName.get(server);
          if (!conn) return { ok: false, error: unknownServer(server) };
          const read = await conn.readResource(uri, ctx.signal);
          return read.ok ? { ok: true, value: { server, uri, ...read.value } } : read;
        });
      },
    },
  ];
}

type ListFn = (conn: McpConnection, cursor: string | undefined, signal: AbortSignal) => Promise<McpOutcome<McpPage>>;

/** Every page of every server that offers resources; a server that fails is left out (and logged). */
async function listEverywhere(connections: readonly McpConnection[], list: ListFn, ctx: ToolContext): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const conn of connections) {
    if (!conn.supportsResources) continue;
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await list(conn, cursor, ctx.signal);
      if (!page.ok) {
        ctx.logger.warn({ server: conn.server, err: page.error }, "listing MCP resources failed");
        break;
      }
      out.push(...page.value.items.map((item) => ({ server: conn.server, ...item })));
      cursor = page.value.nextCursor;
      if (cursor !== undefined && seen.has(cursor)) break;
      if (cursor !== undefined) seen.add(cursor);
    } while (cursor !== undefined);
  }
  return out;
}

/** Run a resource request between mcp_tool_call begin/end events; the JSON payload (or error) goes to the model. */
async function withEvents(
  ctx: ToolContext,
  server: string,
  tool: string,
  args: object,
  run: () => Promise<McpOutcome<object>>,
): Promise<ToolResult> {
  const invocation = { call_id: ctx.callId, server, tool, arguments: args };
  ctx.emit({ type: "mcp_tool_call_begin", ...invocation });
  const started = performance.now();
  const outcome = await run();
  const duration_ms = Math.round(performance.now() - started);
  if (!outcome.ok) {
    ctx.emit({ type: "mcp_tool_call_end", ...invocation, result: null, error: outcome.error, status: "failed", duration_ms });
    return { output: outcome.error, success: false };
  }
  const text = JSON.stringify(outcome.value);
  const result = { content: [{ type: "text", text }], structured_content: null };
  ctx.emit({ type: "mcp_tool_call_end", ...invocation, result, error: null, status: "completed", duration_ms });
  return { output: text, success: true };
}

function unknownServer(server: string): string {
  return `unknown MCP server '${server}'`;
}
