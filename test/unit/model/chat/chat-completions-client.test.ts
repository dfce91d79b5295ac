// ChatCompletionsClient against the loopback chat mock: the request, the events, and error mapping through the real SDK.

import { afterEach, describe, expect, it } from "vitest";
import { ModelApiError, StreamError } from "../../../../src/errors.js";
import { ChatCompletionsClient } from "../../../../src/model/chat/chat-completions-client.js";
import type { ModelEvent, Prompt } from "../../../../src/model/model-client.js";
import { modelInfoFor } from "../../../../src/model/model-info.js";
import { silentLogger } from "../../../../src/protocol/index.js";
import { chatHttpError, chatReply, MockChatServer, type ChatStep } from "../../../support/mock-chat-server.js";

const servers: MockChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function clientFor(steps: ChatStep[], idleTimeoutMs = 5000): Promise<{ client: ChatCompletionsClient; mock: MockChatServer }> {
  const mock = await MockChatServer.start(steps);
  servers.push(mock);
  const client = new ChatCompletionsClient({
    baseUrl: mock.url,
    apiKey: null,
    headers: { originator: "codex_exec" },
    queryParams: {},
    idleTimeoutMs,
    settings: {
      model: "llama3.2",
      info: modelInfoFor("llama3.2"),
      threadId: "thread-1",
      reasoningEffort: null,
      reasoningSummary: null,
      verbosity: null,
      supportsReasoningSummaries: null,
      maxOutputTokens: null,
    },
    errorContext: { model: "llama3.2", providerId: "local", baseUrl: "http://127.0.0.1:1/v1", keySource: null },
    logger: silentLogger,
  });
  return { client, mock };
}

const PROMPT: Prompt = {
  input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] }],
  tools: [],
  instructions: "BASE",
};

async function collect(client: ChatCompletionsClient, signal = new AbortController().signal): Promise<ModelEvent[]> {
  const out: ModelEvent[] = [];
  for await (const ev of client.stream(PROMPT, signal)) out.push(ev);
  return out;
}

async function failure(client: ChatCompletionsClient): Promise<unknown> {
  try {
    await collect(client);
  } catch (err) {
    return err;
  }
  throw new Error("expected the stream to fail");
}

describe("ChatCompletionsClient", () => {
  it("POSTs /chat/completions with session headers and no Authorization; streams the reply", async () => {
    const { client, mock } = await clientFor([chatReply({ id: "chatcmpl-abc", text: "hello there", usage: { prompt_tokens: 9, completion_tokens: 2 } })]);
    const events = await collect(client);
    expect(events.map((e) => e.type)).toEqual([
      "created",
      "output_item_added",
      "output_text_delta",
      "output_text_delta",
      "output_item_done",
      "completed",
    ]);
    expect(events.at(-1)).toMatchObject({ responseId: "chatcmpl-abc", usage: { input_tokens: 9, output_tokens: 2 } });
    const req = mock.requests[0];
    expect(req?.path).toBe("/v1/chat/completions");
    expect(req?.headers["authorization"]).toBeUndefined();
    expect(req?.headers["session_id"]).toBe("thread-1");
    expect(req?.headers["originator"]).toBe("codex_exec");
    expect(req?.body).toMatchObject({ model: "llama3.2", stream: true, stream_options: { include_usage: true } });
  });

  it.each([
    { status: 401, body: { error: { message: "bad key", type: "invalid_request_error", code: "invalid_api_key" } }, code: "auth_rejected", retryable: false },
    { status: 429, body: { error: { message: "slow down", type: "rate_limit", code: 429 } }, code: "api_rate_limited", retryable: true },
    { status: 429, body: { error: { message: "no money", type: "insufficient_quota", code: "insufficient_quota" } }, code: "api_usage_limit", retryable: false },
    { status: 500, body: { error: { message: "boom", type: "server_error", code: 500 } }, code: "api_server", retryable: true },
    { status: 404, body: { error: "model 'nope' not found" }, code: "api_not_found", retryable: false },
    {
      status: 400,
      body: { error: { code: 400, message: "the request exceeds the available context size, try increasing it", type: "exceed_context_size_error" } },
      code: "api_context_length",
      retryable: false,
    },
    {
      status: 400,
      // vLLM's older top-level error body.
      body: { object: "error", message: "This model's maximum context length is 4096 tokens.", type: "BadRequestError", code: 400 },
      code: "api_context_length",
      retryable: false,
    },
  ])("HTTP $status $body.error → $code", async ({ status, body, code, retryable }) => {
    const { client } = await clientFor([chatHttpError(status, body)]);
    const err = await failure(client);
    expect(err).toBeInstanceOf(ModelApiError);
    expect(err).toMatchObject({ code, retryable, status });
  });

  it("a top-level error body (older vLLM) keeps its message", async () => {
    const { client } = await clientFor([chatHttpError(422, { object: "error", message: "bad tool schema", type: "BadRequestError", code: 422 })]);
    expect(await failure(client)).toMatchObject({ code: "api_bad_request", message: "request rejected (422): bad tool schema" });
  });

  it("429 carries Retry-After to the retry policy", async () => {
    const { client } = await clientFor([chatHttpError(429, { error: { message: "later" } }, { "retry-after": "2" })]);
    expect(await failure(client)).toMatchObject({ code: "api_rate_limited", retryAfterMs: 2000 });
  });

  it("an error chunk inside the stream is classified by its code", async () => {
    const { client } = await clientFor([
      { kind: "sse", chunks: [{ id: "x", choices: [{ index: 0, delta: { content: "a" } }] }, { error: { message: "too long", code: "context_length_exceeded" } }] },
    ]);
    expect(await failure(client)).toMatchObject({ code: "api_context_length" });
  });

  it("an error chunk without a string code is a retryable stream failure with its message", async () => {
    const { client } = await clientFor([{ kind: "sse", chunks: [{ error: { message: "upstream overloaded", code: 502 } }] }]);
    const err = await failure(client);
    expect(err).toBeInstanceOf(StreamError);
    expect(err).toMatchObject({ code: "stream_failed", retryable: true, message: "upstream overloaded" });
  });

  it("a stream that goes quiet fails with the idle timeout", async () => {
    const { client } = await clientFor([{ ...chatReply({ text: "slow" }), hangAfter: 1 }], 200);
    expect(await failure(client)).toMatchObject({ code: "stream_idle" });
  });

  it("a connection reset mid-stream is a retryable stream error", async () => {
    const { client } = await clientFor([{ ...chatReply({ text: "cut short" }), destroyAfter: 2 }]);
    const err = await failure(client);
    expect(err).toBeInstanceOf(StreamError);
    expect(err).toMatchObject({ retryable: true });
  });

  it("finish plus usage completes the response even if the server keeps the body open", async () => {
    const step = chatReply({ text: "done", usage: { prompt_tokens: 3, completion_tokens: 1 } });
    const { client } = await clientFor([{ ...step, hangAfter: step.chunks.length }], 300);
    const events = await collect(client);
    expect(events.at(-1)).toMatchObject({ type: "completed", usage: { input_tokens: 3 } });
  });

  it("a body that ends without finish_reason is a closed-early stream error", async () => {
    const { client } = await clientFor([{ kind: "sse", chunks: [{ id: "x", choices: [{ index: 0, delta: { content: "a" } }] }], done: false }]);
    expect(await failure(client)).toMatchObject({ code: "stream_closed_early" });
  });

  it("an aborted stream ends quietly", async () => {
    const { client } = await clientFor([{ ...chatReply({ text: "never finished" }), hangAfter: 1 }]);
    const ctl = new AbortController();
    const out: ModelEvent[] = [];
    for await (const ev of client.stream(PROMPT, ctl.signal)) {
      out.push(ev);
      ctl.abort();
    }
    expect(out.map((e) => e.type)).toEqual(["created"]);
  });
});
