// The JSON events of a server-sent event stream, read straight from a fetch body, a batch per network read.
//
// Framing is eventsource-parser's (the SSE field rules, CR/LF handling, a payload split over many chunks
// joined once). On top, the rules the SDK's `Stream.fromSSEResponse` applies: `[DONE]` ends the stream,
// a payload that is not JSON throws a SyntaxError, a payload with an `error` member throws the SDK's
// APIError, and an unterminated last event is dropped. The SDK's Stream passes each event through three
// async generators; a long response has ~100,000 of them, so events come out here in one array per read
// (hundreds per 64 KiB) and the caller walks them synchronously (README "Performance").
//
// A response ends with events that each repeat its whole text; when those are large, the caller hears of
// it (`onLargePayloads`) once their text is dropped, so the CLI can collect them before the next arrives.

import { createParser } from "eventsource-parser";
import { APIError } from "openai";
import { nextWithinIdle } from "./openai-sdk.js";

export interface SseReadOptions {
  /** Aborted when no bytes arrive for `idleTimeoutMs` (the read then fails with `stream_idle`). */
  controller: AbortController;
  idleTimeoutMs: number;
  /**
   * Events to drop unread, by their SSE `event:` name (the Responses API names every event by its type).
   * Their data is never parsed: a response's `*.done` events repeat its whole text, several times.
   */
  skip?: (eventName: string) => boolean;
  /**
   * Called after a read that completed events of `LARGE_PAYLOAD_CHARS` or more (skipped or parsed), with
   * their total length, once the reader holds none of their text. Such text lives long enough for V8 to
   * move it to the old generation, which only a full collection frees.
   */
  onLargePayloads?: (chars: number) => void;
}

/** A payload this long is one of V8's large objects (over 128 KiB even as one-byte text). */
export const LARGE_PAYLOAD_CHARS = 128 * 1024;

/** Why a batch ended early: `[DONE]`, or a payload that fails the stream (after the events before it). */
type BatchEnd = { kind: "done" } | { kind: "failed"; error: unknown };

/**
 * Yield the parsed `data` of the events of `response`, as the SDK's `Stream.fromSSEResponse` would, in
 * batches: the events completed by one read of the body, in order, never empty.
 */
export async function* sseJsonBatches(response: Response, opts: SseReadOptions): AsyncGenerator<unknown[]> {
  if (!response.body) throw new Error("the response has no body");
  const reader = response.body.getReader();
  const reads = { next: () => reader.read() };
  const decoder = new TextDecoder();
  const skip = opts.skip;
  // The data of the events completed by the read being fed; drained after each read.
  let ready: string[] = [];
  // The length of the large payloads among them.
  let large = 0;
  const parser = createParser({
    onEvent: (event) => {
      if (event.data.length >= LARGE_PAYLOAD_CHARS) large += event.data.length;
      if (skip === undefined || event.event === undefined || !skip(event.event)) ready.push(event.data);
    },
  });
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await nextWithinIdle(reads, opts.controller, opts.idleTimeoutMs);
      } catch (err) {
        // As the SDK's Stream: an aborted read ends the events; the caller knows why it aborted.
        if ((err as { name?: unknown } | null)?.name === "AbortError") return;
        throw err;
      }
      parser.feed(chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true }));
      const datas = ready;
      ready = [];
      const batch: unknown[] = [];
      let end: BatchEnd | null = null;
      for (const data of datas) {
        end = parseInto(batch, data, response.headers);
        if (end !== null) break;
      }
      // Parsed or skipped, the payload strings are garbage now; the generator must not keep them across `yield`.
      datas.length = 0;
      if (large > 0) {
        const chars = large;
        large = 0;
        opts.onLargePayloads?.(chars);
      }
      if (batch.length > 0) yield batch;
      if (end?.kind === "failed") throw end.error;
      if (end?.kind === "done" || chunk.done) return;
    }
  } finally {
    try {
      reader.releaseLock();
    } catch {
      // A read still pending (after an idle timeout) may refuse the release; the request is aborted anyway.
    }
  }
}

/** Parse one event's data onto `batch`; says why the stream ends when it does. */
function parseInto(batch: unknown[], data: string, headers: Headers): BatchEnd | null {
  if (data.startsWith("[DONE]")) return { kind: "done" };
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    return { kind: "failed", error };
  }
  if (typeof value === "object" && value !== null && "error" in value && value.error) {
    return { kind: "failed", error: new APIError(undefined, value.error, undefined, headers) };
  }
  batch.push(value);
  return null;
}
