// One MCP tool offered as a flat function tool: parses arguments, calls `tools/call`, emits mcp_tool_call events.

import type { ToolSpec } from "../../protocol/index.js";
import type { ToolHandler, ToolResult } from "../tool-router.js";
import { formatMcpOutput } from "./format-mcp-output.js";
import type { McpCallResult, McpConnection, McpToolInfo } from "./mcp-connection.js";

export interface McpToolOptions {
  /** The flat name offered to the model. */
  name: string;
  /** Names a namespace-form call may use (see `namespaceAliases`). */
  aliases: readonly string[];
  parallelSafe: boolean;
  now?: () => number;
}

/** A handler for `tool` of `connection`. */
export function mcpToolHandler(connection: McpConnection, tool: McpToolInfo, options: McpToolOptions): ToolHandler {
  const now = options.now ?? (() => performance.now());
  return {
    spec: mcpToolSpec(options.name, tool),
    parallelSafe: options.parallelSafe,
    aliases: options.aliases,
    handle: async (call, ctx): Promise<ToolResult> => {
      if (call.kind !== "function") return { output: `unsupported custom tool call: ${call.name}`, success: false };
      const args = parseArguments(call.arguments);
      if (!args.ok) return { output: `err: ${args.error}`, success: false };
      const invocation = { call_id: ctx.callId, server: connection.server, tool: tool.name, arguments: args.value ?? null };
      ctx.emit({ type: "mcp_tool_call_begin", ...invocation });
      const started = now();
      const outcome = await connection.callTool(tool.name, args.value, ctx.signal);
      const duration = now() - started;
      const durationMs = Math.round(duration);
      if (!outcome.ok) {
        const error = `tool call error: ${outcome.error}`;
        ctx.emit({ type: "mcp_tool_call_end", ...invocation, result: null, error, status: "failed", duration_ms: durationMs });
        return formatMcpOutput({ content: [{ type: "text", text: error }], isError: true }, duration);
      }
      const result = outcome.value;
      ctx.emit({
        type: "mcp_tool_call_end",
        ...invocation,
        result: eventResult(result),
        error: null,
        status: result.isError === true ? "failed" : "completed",
        duration_ms: durationMs,
      });
      return formatMcpOutput(result, duration);
    },
  };
}

/** `{type:"function", name, description, strict:false, parameters}` with the tool's own input schema. */
export function mcpToolSpec(name: string, tool: McpToolInfo): ToolSpec {
  const { $schema: _drop, ...schema } = tool.inputSchema;
  const parameters = { ...schema, type: "object", properties: schema["properties"] ?? {} };
  return { type: "function", name, description: tool.description ?? "", strict: false, parameters };
}

/** The model's argument string: empty means no arguments; otherwise a JSON object. */
function parseArguments(raw: string): { ok: true; value: Record<string, unknown> | undefined } | { ok: false; error: string } {
  if (raw.trim() === "") return { ok: true, value: undefined };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { ok: false, error: "arguments must be a JSON object" };
  return { ok: true, value: Object.fromEntries(Object.entries(json)) };
}

/** The event's result: `{content, structured_content}` plus `_meta` only when the server sent one. */
function eventResult(result: McpCallResult): { content: unknown[]; structured_content: unknown; _meta?: unknown } {
  return {
    content: result.content,
    structured_content: result.structuredContent ?? null,
    ...(result._meta !== undefined && result._meta !== null ? { _meta: result._meta } : {}),
  };
}
