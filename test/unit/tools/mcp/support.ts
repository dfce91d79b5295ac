// Shared helpers for the MCP unit tests: a tool context that records events, a scripted fake connection, fixture paths.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { FULL_ACCESS, silentLogger, type EventMsg } from "../../../../src/protocol/index.js";
import type { McpCallResult, McpConnection, McpOutcome, McpToolInfo } from "../../../../src/tools/mcp/mcp-connection.js";
import type { ToolCall, ToolContext } from "../../../../src/tools/tool-router.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** test/fixtures/mcp/stdio-server.mjs */
export const STDIO_FIXTURE = path.resolve(HERE, "../../../fixtures/mcp/stdio-server.mjs");

export function context(signal: AbortSignal = new AbortController().signal): { ctx: ToolContext; events: EventMsg[] } {
  const events: EventMsg[] = [];
  const ctx: ToolContext = {
    cwd: "/proj",
    signal,
    callId: "call-1",
    threadId: "thread-1",
    sandbox: FULL_ACCESS,
    emit: (msg) => events.push(msg),
    logger: silentLogger,
  };
  return { ctx, events };
}

export const fnCall = (name: string, args: string): ToolCall => ({ kind: "function", name, arguments: args, callId: "call-1" });

/** A connection whose `tools/call` answers with `reply` and records the calls. */
export function fakeConnection(
  reply: (tool: string, args: Record<string, unknown> | undefined) => McpOutcome<McpCallResult>,
  tools: McpToolInfo[] = [],
): McpConnection & { calls: Array<{ tool: string; args: Record<string, unknown> | undefined }> } {
  const calls: Array<{ tool: string; args: Record<string, unknown> | undefined }> = [];
  const unsupported = async (): Promise<McpOutcome<never>> => ({ ok: false, error: "not scripted" });
  return {
    server: "srv",
    tools,
    supportsResources: false,
    calls,
    callTool: async (tool, args) => {
      calls.push({ tool, args });
      return reply(tool, args);
    },
    listResources: unsupported,
    listResourceTemplates: unsupported,
    readResource: unsupported,
    close: async () => undefined,
  };
}
