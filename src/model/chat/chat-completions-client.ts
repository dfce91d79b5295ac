// ModelClient over Chat Completions (`wire_api = "chat"`): same events as the Responses client, so all else is shared.

import type OpenAI from "openai";
import { APIConnectionError, APIError, APIUserAbortError } from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { Stream } from "openai/streaming";
import { ModelApiError, StreamError, type CodexExecError } from "../../errors.js";
import { buildChatBody } from "./chat-request.js";
import { ChatStreamAccumulator } from "./chat-stream.js";
import { mapApiError, summarize, type ErrorContext } from "../map-api-error.js";
import type { ModelClient, ModelEvent, Prompt } from "../model-client.js";
import { createOpenAiSdk, nextWithinIdle, type ModelClientOptions } from "../transport/openai-sdk.js";
import { mapResponseFailure } from "../responses/response-failure.js";

/** Streams one chat completion per call; no retries here (the agent's retry policy owns them). */
export class ChatCompletionsClient implements ModelClient {
  private readonly sdk: OpenAI;
  private readonly newId: () => string;

  constructor(
    private readonly opts: ModelClientOptions & {
      /** Response id when the server's chunks carry none. */
      newResponseId?: () => string;
    },
  ) {
    this.sdk = createOpenAiSdk({ ...opts, fetch: withNestedErrorBodies(opts.fetch ?? globalThis.fetch) });
    this.newId = opts.newResponseId ?? (() => `chatcmpl-${crypto.randomUUID()}`);
  }

  async *stream(prompt: Prompt, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const { body, droppedTools } = buildChatBody(prompt, this.opts.settings);
      if (droppedTools.length > 0) this.opts.logger.debug({ dropped: droppedTools }, "tools the chat wire cannot carry");
      const threadId = this.opts.settings.threadId;
      let stream: Stream<ChatCompletionChunk>;
      try {
        stream = await this.sdk.chat.completions.create(body, {
          signal: controller.signal,
          headers: { session_id: threadId, "x-client-request-id": threadId, Accept: "text/event-stream" },
        });
      } catch (err) {
        if (signal.aborted) return;
        throw mapChatError(err, this.opts.errorContext);
      }
      yield* this.readChunks(stream, controller, signal);
    } finally {
      signal.removeEventListener("abort", onAbort);
      controller.abort();
    }
  }

  private async *readChunks(
    stream: Stream<ChatCompletionChunk>,
    controller: AbortController,
    signal: AbortSignal,
  ): AsyncGenerator<ModelEvent> {
    const acc = new ChatStreamAccumulator(this.newId);
    const iterator = stream[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<ChatCompletionChunk>;
      try {
        next = await nextWithinIdle(iterator, controller, this.opts.idleTimeoutMs);
      } catch (err) {
        if (signal.aborted) return;
        const mapped = mapChatError(err, this.opts.errorContext);
        // An error the server sent inside the stream keeps its classification; a broken stream is a stream failure.
        if (mapped instanceof StreamError || isInStreamError(err)) throw mapped;
        throw new StreamError("stream_transport", `stream disconnected before completion: ${mapped.message}`, true, {
          cause: err,
        });
      }
      if (next.done) break;
      yield* acc.push(next.value);
      // A server that keeps the body open after `[DONE]` must not run into the idle timeout.
      if (acc.complete) break;
    }
    if (signal.aborted) return;
    yield* acc.finish();
  }
}

/**
 * Chat servers report errors as `{"error":{"message","type","code"}}` (code often a number) or
 * `{"error":"text"}`, in the HTTP body or as a `data:` chunk; both map like the Responses client's.
 */
export function mapChatError(err: unknown, ctx: ErrorContext): CodexExecError {
  if (isInStreamError(err)) {
    const body = errorFields(err.error);
    if (body.code !== null) return mapResponseFailure(body.code, body.message);
    return new StreamError("stream_failed", summarize(body.message ?? err.message), true, { cause: err });
  }
  if (err instanceof APIError && err.status === 400 && isContextOverflow(errorFields(err.error))) {
    return new ModelApiError(
      "api_context_length",
      "context_length",
      "the conversation is too long for the model's context window; start a new thread or shorten the input",
      false,
      { status: 400, cause: err },
    );
  }
  return mapApiError(err, ctx);
}

/**
 * Some servers (older vLLM) put `message`/`type`/`code` at the top level of an error body, but the SDK
 * reads only `error`; nesting them keeps the server's message in ours.
 */
function withNestedErrorBodies(inner: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    if (res.ok || !(res.headers.get("content-type") ?? "").includes("json")) return res;
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    const topLevel = typeof body === "object" && body !== null && !("error" in body) && "message" in body;
    return new Response(topLevel ? JSON.stringify({ error: body }) : text, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}

/** An `error` object the server sent as a stream chunk (the SDK raises it without a status). */
function isInStreamError(err: unknown): err is APIError {
  return (
    err instanceof APIError &&
    err.status === undefined &&
    !(err instanceof APIConnectionError) &&
    !(err instanceof APIUserAbortError)
  );
}

interface ErrorFields {
  message: string | null;
  type: string | null;
  code: string | null;
}

function errorFields(e: unknown): ErrorFields {
  if (typeof e === "string") return { message: e, type: null, code: null };
  if (typeof e !== "object" || e === null) return { message: null, type: null, code: null };
  const field = (name: string): string | null => {
    const v: unknown = Object.getOwnPropertyDescriptor(e, name)?.value;
    return typeof v === "string" && v !== "" ? v : null;
  };
  return { message: field("message"), type: field("type"), code: field("code") };
}

/** Context overflow as OpenAI, vLLM and llama.cpp word it. */
function isContextOverflow(e: ErrorFields): boolean {
  if (e.code === "context_length_exceeded" || e.type === "exceed_context_size_error") return true;
  return /context (length|window|size)|maximum context|prompt is too long/i.test(e.message ?? "");
}
