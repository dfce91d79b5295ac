// One MCP tool as a function tool: its spec, argument parsing, events and outputs, failures as data.

import { describe, expect, it } from "vitest";
import { mcpToolHandler, mcpToolSpec } from "../../../../src/tools/mcp/mcp-tool-handler.js";
import { context, fakeConnection, fnCall } from "./support.js";

const echoTool = {
  name: "echo",
  description: "Echo it.",
  inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"], $schema: "http://json-schema.org/draft-07/schema#" },
};
/** A clock that advances 250 ms per reading. */
const ticking = (): (() => number) => {
  let t = 0;
  return () => (t += 250);
};

describe("mcpToolSpec", () => {
  it("uses the tool's description and schema, without $schema, strict false", () => {
    expect(mcpToolSpec("mcp__srv__echo", echoTool)).toEqual({
      type: "function",
      name: "mcp__srv__echo",
      description: "Echo it.",
      strict: false,
      parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    });
  });

  it("adds properties: {} when the schema has none", () => {
    expect(mcpToolSpec("t", { name: "t", description: null, inputSchema: { type: "object" } })).toMatchObject({
      description: "",
      parameters: { type: "object", properties: {} },
    });
  });
});

describe("mcpToolHandler", () => {
  const options = { name: "mcp__srv__echo", aliases: ["mcp__srv__echo"], parallelSafe: false };

  it("calls the tool and emits begin/end with the result", async () => {
    const conn = fakeConnection(() => ({ ok: true, value: { content: [{ type: "text", text: "echo: hi" }], _meta: { trace: 1 } } }));
    const { ctx, events } = context();
    const r = await mcpToolHandler(conn, echoTool, { ...options, now: ticking() }).handle(fnCall("mcp__srv__echo", '{"text":"hi"}'), ctx);
    expect(conn.calls).toEqual([{ tool: "echo", args: { text: "hi" } }]);
    expect(r).toEqual({ output: 'Wall time: 0.2500 seconds\nOutput:\n[{"type":"text","text":"echo: hi"}]', success: true });
    expect(events).toEqual([
      { type: "mcp_tool_call_begin", call_id: "call-1", server: "srv", tool: "echo", arguments: { text: "hi" } },
      {
        type: "mcp_tool_call_end",
        call_id: "call-1",
        server: "srv",
        tool: "echo",
        arguments: { text: "hi" },
        result: { content: [{ type: "text", text: "echo: hi" }], structured_content: null, _meta: { trace: 1 } },
        error: null,
        status: "completed",
        duration_ms: 250,
      },
    ]);
  });

  it("an isError result is a failed call with its result", async () => {
    const conn = fakeConnection(() => ({ ok: true, value: { content: [{ type: "text", text: "nope" }], isError: true } }));
    const { ctx, events } = context();
    const r = await mcpToolHandler(conn, echoTool, options).handle(fnCall("x", "{}"), ctx);
    expect(r.success).toBe(false);
    expect(events[1]).toMatchObject({ status: "failed", error: null, result: { content: [{ type: "text", text: "nope" }] } });
    expect(events[1]).not.toHaveProperty("result._meta");
  });

  it("a request failure (e.g. timeout) is a failed call with an error and error text for the model", async () => {
    const conn = fakeConnection(() => ({ ok: false, error: "timed out awaiting tools/call after 1s" }));
    const { ctx, events } = context();
    const r = await mcpToolHandler(conn, echoTool, { ...options, now: ticking() }).handle(fnCall("x", '{"text":"a"}'), ctx);
    expect(r).toEqual({
      output: 'Wall time: 0.2500 seconds\nOutput:\n[{"type":"text","text":"tool call error: timed out awaiting tools/call after 1s"}]',
      success: false,
    });
    expect(events[1]).toMatchObject({ result: null, error: "tool call error: timed out awaiting tools/call after 1s", status: "failed" });
  });

  it("bad JSON goes back to the model as `err: …` without calling the server", async () => {
    const conn = fakeConnection(() => ({ ok: true, value: { content: [] } }));
    const { ctx, events } = context();
    const r = await mcpToolHandler(conn, echoTool, options).handle(fnCall("x", "{not json"), ctx);
    expect(r.success).toBe(false);
    expect(r.output).toMatch(/^err: /);
    expect(conn.calls).toEqual([]);
    expect(events).toEqual([]);
  });

  it("non-object arguments are refused; empty arguments mean none", async () => {
    const conn = fakeConnection(() => ({ ok: true, value: { content: [] } }));
    const { ctx, events } = context();
    const handler = mcpToolHandler(conn, echoTool, options);
    expect((await handler.handle(fnCall("x", "[1]"), ctx)).output).toBe("err: arguments must be a JSON object");
    await handler.handle(fnCall("x", ""), ctx);
    expect(conn.calls).toEqual([{ tool: "echo", args: undefined }]);
    expect(events[0]).toMatchObject({ type: "mcp_tool_call_begin", arguments: null });
  });

  it("a freeform call is refused", async () => {
    const conn = fakeConnection(() => ({ ok: true, value: { content: [] } }));
    const { ctx } = context();
    const r = await mcpToolHandler(conn, echoTool, options).handle({ kind: "custom", name: "x", input: "", callId: "c" }, ctx);
    expect(r).toEqual({ output: "unsupported custom tool call: x", success: false });
  });
});
