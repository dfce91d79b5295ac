// Chat Completions chunk accumulation: text, split and parallel tool calls, usage, finish reasons, errors.

import { describe, expect, it } from "vitest";
import { ModelApiError, StreamError } from "../../../../src/errors.js";
import { ChatStreamAccumulator } from "../../../../src/model/chat/chat-stream.js";
import type { ModelEvent } from "../../../../src/model/model-client.js";

type Chunk = Record<string, unknown>;

const delta = (d: Record<string, unknown>, finish: string | null = null, id = "chatcmpl-1"): Chunk => ({
  id,
  object: "chat.completion.chunk",
  choices: [{ index: 0, delta: d, finish_reason: finish }],
});
const finish = (reason = "stop"): Chunk => delta({}, reason);
const usage = (prompt: number, completion: number, extra: Chunk = {}): Chunk => ({
  id: "chatcmpl-1",
  choices: [],
  usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, ...extra },
});

/** Feed the chunks and end the stream; all events in order. */
function run(chunks: readonly Chunk[], newId = (): string => "generated-id"): ModelEvent[] {
  const acc = new ChatStreamAccumulator(newId);
  return [...chunks.flatMap((c) => acc.push(c)), ...acc.finish()];
}

function doneItems(events: readonly ModelEvent[]): unknown[] {
  return events.flatMap((e) => (e.type === "output_item_done" ? [e.item] : []));
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("ChatStreamAccumulator: text", () => {
  it("created, the message added, each delta, the message done, completed with the chunk id and usage", () => {
    const events = run([
      delta({ role: "assistant", content: "" }),
      delta({ content: "Hel" }),
      delta({ content: "lo" }),
      finish(),
      usage(12, 3, { prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 1 } }),
    ]);
    expect(events).toEqual([
      { type: "created" },
      { type: "output_item_added", item: { type: "message", role: "assistant", content: [] } },
      { type: "output_text_delta", delta: "Hel" },
      { type: "output_text_delta", delta: "lo" },
      { type: "output_item_done", item: { type: "message", role: "assistant", content: [{ type: "output_text", text: "Hello" }] } },
      {
        type: "completed",
        responseId: "chatcmpl-1",
        usage: { input_tokens: 12, cached_input_tokens: 4, cache_write_input_tokens: 0, output_tokens: 3, reasoning_output_tokens: 1 },
      },
    ]);
  });

  it("usage absent: completed with null usage", () => {
    expect(run([delta({ content: "hi" }), finish()]).at(-1)).toEqual({ type: "completed", responseId: "chatcmpl-1", usage: null });
  });

  it("usage on the finishing chunk is read too", () => {
    const last = run([delta({ content: "hi" }), { ...finish(), usage: { prompt_tokens: 5, completion_tokens: 1 } }]).at(-1);
    expect(last).toMatchObject({ usage: { input_tokens: 5, output_tokens: 1, cached_input_tokens: 0 } });
  });

  it("unreadable usage counts as absent, not as a malformed stream", () => {
    expect(run([delta({ content: "hi" }), finish(), { id: "x", choices: [], usage: { prompt_tokens: "many" } }]).at(-1)).toMatchObject({
      usage: null,
    });
  });

  it("content as an array of text parts", () => {
    expect(doneItems(run([delta({ content: [{ type: "text", text: "a" }, { type: "text", text: "b" }] }), finish()]))).toEqual([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "ab" }] },
    ]);
  });

  it("no chunk id: the response id comes from newId", () => {
    const events = run([{ choices: [{ index: 0, delta: { content: "x" }, finish_reason: "stop" }] }], () => "chat-made-up");
    expect(events.at(-1)).toMatchObject({ type: "completed", responseId: "chat-made-up" });
  });

  it("raw reasoning (`reasoning` or `reasoning_content`) becomes a reasoning item before the message", () => {
    const items = doneItems(
      run([delta({ reasoning: "think " }), delta({ reasoning_content: "more" }), delta({ content: "answer" }), finish()]),
    );
    expect(items).toEqual([
      { type: "reasoning", summary: [], content: [{ type: "reasoning_text", text: "think more" }] },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "answer" }] },
    ]);
  });

  it("choices other than index 0 are ignored", () => {
    const chunk = { id: "c", choices: [{ index: 1, delta: { content: "other" }, finish_reason: null }] };
    expect(doneItems(run([chunk, delta({ content: "mine" }), finish()]))).toEqual([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "mine" }] },
    ]);
  });
});

describe("ChatStreamAccumulator: tool calls", () => {
  it("arguments split across chunks are concatenated into one function_call at finish", () => {
    const events = run([
      delta({ role: "assistant", content: null }),
      delta({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "exec_command", arguments: "" } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '{"cm' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: 'd":"ec' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: 'ho hi"}' } }] }),
      finish("tool_calls"),
    ]);
    expect(doneItems(events)).toEqual([
      { type: "function_call", name: "exec_command", arguments: '{"cmd":"echo hi"}', call_id: "call_1" },
    ]);
    expect(events.some((e) => e.type === "output_item_added")).toBe(false);
  });

  it("parallel calls (interleaved by index) come out in index order, after the text", () => {
    const events = run([
      delta({ content: "Running both." }),
      delta({ tool_calls: [{ index: 0, id: "a", function: { name: "exec_command", arguments: '{"cmd":' } }] }),
      delta({ tool_calls: [{ index: 1, id: "b", function: { name: "exec_command", arguments: '{"cmd":"two"' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '"one"}' } }] }),
      delta({ tool_calls: [{ index: 1, function: { arguments: "}" } }] }),
      finish("tool_calls"),
    ]);
    expect(doneItems(events)).toEqual([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Running both." }] },
      { type: "function_call", name: "exec_command", arguments: '{"cmd":"one"}', call_id: "a" },
      { type: "function_call", name: "exec_command", arguments: '{"cmd":"two"}', call_id: "b" },
    ]);
  });

  it("servers that number every call 0: a new id at the same index is a new call", () => {
    const items = doneItems(
      run([
        delta({ tool_calls: [{ index: 0, id: "a", function: { name: "f", arguments: '{"x":1}' } }] }),
        delta({ tool_calls: [{ index: 0, id: "b", function: { name: "g", arguments: '{"x":2}' } }] }),
        finish("tool_calls"),
      ]),
    );
    expect(items).toEqual([
      { type: "function_call", name: "f", arguments: '{"x":1}', call_id: "a" },
      { type: "function_call", name: "g", arguments: '{"x":2}', call_id: "b" },
    ]);
  });

  it("calls without index are matched by id; continuation chunks without either extend the latest call", () => {
    const items = doneItems(
      run([
        delta({ tool_calls: [{ id: "a", function: { name: "f", arguments: '{"x"' } }] }),
        delta({ tool_calls: [{ function: { arguments: ":1}" } }] }),
        delta({ tool_calls: [{ id: "b", function: { name: "g", arguments: { y: 2 } } }] }),
        finish("tool_calls"),
      ]),
    );
    expect(items).toEqual([
      { type: "function_call", name: "f", arguments: '{"x":1}', call_id: "a" },
      { type: "function_call", name: "g", arguments: '{"y":2}', call_id: "b" },
    ]);
  });

  it("a repeated name is kept once; missing arguments become {}; a missing id is synthesised", () => {
    const items = doneItems(
      run([
        delta({ tool_calls: [{ index: 0, function: { name: "update_plan" } }] }),
        delta({ tool_calls: [{ index: 0, function: { name: "update_plan" } }] }),
        finish("tool_calls"),
      ]),
    );
    expect(items).toEqual([{ type: "function_call", name: "update_plan", arguments: "{}", call_id: "chatcmpl-1-call-0" }]);
  });

  it('tool calls finished with "stop" (some servers) are still emitted', () => {
    const items = doneItems(run([delta({ tool_calls: [{ index: 0, id: "a", function: { name: "f", arguments: "{}" } }] }), finish("stop")]));
    expect(items).toHaveLength(1);
  });
});

describe("ChatStreamAccumulator: failures", () => {
  it('finish_reason "length" is a context-length error (not retried)', () => {
    const acc = new ChatStreamAccumulator(() => "id");
    acc.push(delta({ content: "partial" }));
    const err = thrown(() => acc.push(finish("length")));
    expect(err).toBeInstanceOf(ModelApiError);
    expect(err).toMatchObject({ code: "api_context_length", turnCode: "context_length", retryable: false });
  });

  it("a stream that ends before finish_reason is a retryable closed-early error", () => {
    const acc = new ChatStreamAccumulator(() => "id");
    acc.push(delta({ tool_calls: [{ index: 0, id: "a", function: { name: "f", arguments: '{"x' } }] }));
    const err = thrown(() => acc.finish());
    expect(err).toBeInstanceOf(StreamError);
    expect(err).toMatchObject({ code: "stream_closed_early", retryable: true });
  });

  it("an empty stream is a closed-early error too", () => {
    expect(thrown(() => new ChatStreamAccumulator(() => "id").finish())).toMatchObject({ code: "stream_closed_early" });
  });

  it("a chunk of the wrong shape is a malformed-stream error naming the field", () => {
    const err = thrown(() => new ChatStreamAccumulator(() => "id").push({ choices: [{ index: 0, delta: { content: 5 } }] }));
    expect(err).toBeInstanceOf(StreamError);
    expect(err).toMatchObject({ code: "stream_malformed" });
    expect((err as Error).message).toContain("choices.0.delta.content");
  });

  it("chunks after the finish are ignored", () => {
    const acc = new ChatStreamAccumulator(() => "id");
    const events = [...acc.push(delta({ content: "a" })), ...acc.push(finish()), ...acc.push(delta({ content: "late" })), ...acc.finish()];
    expect(doneItems(events)).toEqual([{ type: "message", role: "assistant", content: [{ type: "output_text", text: "a" }] }]);
  });
});
