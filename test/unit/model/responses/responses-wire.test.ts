// Inbound SSE payloads: consumed types validated, unknown types and item types passed over.

import { describe, expect, it } from "vitest";
import { StreamError } from "../../../../src/errors.js";
import { parseWireEvent, toTokenUsage } from "../../../../src/model/responses/responses-wire.js";

function malformed(raw: unknown): StreamError {
  try {
    parseWireEvent(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(StreamError);
    return err as StreamError;
  }
  throw new Error("expected a StreamError");
}

describe("parseWireEvent: ignored", () => {
  it.each([
    "response.in_progress",
    "response.content_part.added",
    "response.output_text.done",
    "response.reasoning_summary_part.added",
    "response.function_call_arguments.delta",
    "codex.rate_limits",
    "something.new",
  ])("unknown type %s is ignored, whatever its shape", (type) => {
    expect(parseWireEvent({ type, anything: [1, 2, 3] })).toEqual({ kind: "ignored", type });
  });

  it.each(["image_generation_call", "local_shell_call", "compaction", "tool_search_call"])(
    "unknown item type %s is ignored",
    (itemType) => {
      expect(parseWireEvent({ type: "response.output_item.done", item: { type: itemType, id: "x" } })).toEqual({
        kind: "ignored",
        type: `response.output_item.done:${itemType}`,
      });
      expect(parseWireEvent({ type: "response.output_item.added", item: { type: itemType } })).toEqual({
        kind: "ignored",
        type: `response.output_item.added:${itemType}`,
      });
    },
  );
});

describe("parseWireEvent: consumed events", () => {
  it.each([
    { raw: { type: "response.created", response: { id: "r" } }, event: { type: "response.created" } },
    { raw: { type: "response.output_text.delta", delta: "He", item_id: "m" }, event: { type: "response.output_text.delta", delta: "He" } },
    {
      raw: { type: "response.reasoning_summary_text.delta", delta: "**Plan**" },
      event: { type: "response.reasoning_summary_text.delta", delta: "**Plan**" },
    },
    {
      raw: { type: "response.completed", response: { id: "resp_1", usage: null } },
      event: { type: "response.completed", response: { id: "resp_1", usage: null } },
    },
    {
      raw: { type: "response.failed", response: { id: "r", error: { code: "rate_limit_exceeded", message: "slow down" } } },
      event: { type: "response.failed", response: { error: { code: "rate_limit_exceeded", message: "slow down" } } },
    },
    {
      raw: { type: "response.incomplete", response: { incomplete_details: { reason: "max_output_tokens" } } },
      event: { type: "response.incomplete", response: { incomplete_details: { reason: "max_output_tokens" } } },
    },
    { raw: { type: "error", code: "server_error", message: "boom" }, event: { type: "error", code: "server_error", message: "boom" } },
  ])("$raw.type", ({ raw, event }) => {
    expect(parseWireEvent(raw)).toEqual({ kind: "event", event });
  });

  it("items done/added come back validated, extra wire fields dropped", () => {
    const item = {
      type: "message",
      id: "msg_1",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "Hello", annotations: [] }],
    };
    expect(parseWireEvent({ type: "response.output_item.done", output_index: 0, item })).toEqual({
      kind: "item",
      which: "done",
      item: { type: "message", id: "msg_1", role: "assistant", content: [{ type: "output_text", text: "Hello" }] },
    });
    const call = { type: "function_call", id: "fc_1", name: "shell", arguments: "{}", call_id: "call_1" };
    expect(parseWireEvent({ type: "response.output_item.added", item: call })).toEqual({ kind: "item", which: "added", item: call });
  });
});

describe("parseWireEvent: malformed", () => {
  it.each([
    { name: "not an object", raw: "hello" },
    { name: "null", raw: null },
    { name: "no type", raw: { delta: "x" } },
    { name: "numeric type", raw: { type: 5 } },
  ])("$name → stream_malformed (no type)", ({ raw }) => {
    const err = malformed(raw);
    expect(err.code).toBe("stream_malformed");
    expect(err.message).toBe("malformed SSE event: no `type` field");
  });

  it.each([
    { raw: { type: "response.output_text.delta" }, type: "response.output_text.delta" },
    { raw: { type: "response.output_text.delta", delta: 5 }, type: "response.output_text.delta" },
    { raw: { type: "response.completed", response: {} }, type: "response.completed" },
    { raw: { type: "response.completed" }, type: "response.completed" },
    { raw: { type: "response.completed", response: { id: "r", usage: { input_tokens: "1" } } }, type: "response.completed" },
    { raw: { type: "response.output_item.done" }, type: "response.output_item.done" },
    { raw: { type: "response.failed", response: { error: { code: 42 } } }, type: "response.failed" },
  ])("known type with the wrong shape: $raw", ({ raw, type }) => {
    const err = malformed(raw);
    expect(err.code).toBe("stream_malformed");
    expect(err.retryable).toBe(true);
    expect(err.message.startsWith(`malformed SSE event \`${type}\`: `)).toBe(true);
  });

  it("a known item type with the wrong shape is malformed and names the item type", () => {
    const err = malformed({ type: "response.output_item.done", item: { type: "function_call", name: "f" } });
    expect(err.code).toBe("stream_malformed");
    expect(err.message.startsWith("malformed `function_call` item in `response.output_item.done`: ")).toBe(true);
  });
});

describe("toTokenUsage", () => {
  it.each([
    {
      wire: {
        input_tokens: 100,
        input_tokens_details: { cached_tokens: 20, cache_write_tokens: 3 },
        output_tokens: 10,
        output_tokens_details: { reasoning_tokens: 4 },
      },
      want: { input_tokens: 100, cached_input_tokens: 20, cache_write_input_tokens: 3, output_tokens: 10, reasoning_output_tokens: 4 },
    },
    {
      wire: { input_tokens: 7, output_tokens: 2 },
      want: { input_tokens: 7, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 2, reasoning_output_tokens: 0 },
    },
    {
      wire: { input_tokens: 7, input_tokens_details: null, output_tokens: 2, output_tokens_details: { reasoning_tokens: null } },
      want: { input_tokens: 7, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 2, reasoning_output_tokens: 0 },
    },
  ])("$wire", ({ wire, want }) => {
    expect(toTokenUsage(wire)).toEqual(want);
  });

  it("usage inside response.completed parses and maps", () => {
    const parsed = parseWireEvent({
      type: "response.completed",
      response: { id: "r", usage: { input_tokens: 5, input_tokens_details: { cached_tokens: 1 }, output_tokens: 2 } },
    });
    expect(parsed.kind).toBe("event");
    if (parsed.kind === "event" && parsed.event.type === "response.completed" && parsed.event.response.usage) {
      expect(toTokenUsage(parsed.event.response.usage)).toMatchObject({ input_tokens: 5, cached_input_tokens: 1, output_tokens: 2 });
    } else {
      throw new Error("expected a completed event with usage");
    }
  });
});
