// `--record`: a fetch for the openai SDK that passes traffic through unchanged and keeps a copy of each exchange.

import type { CassetteExchange, RecordedResponse } from "./cassette.js";
import { coalesceDeltas } from "./coalesce-deltas.js";
import { normalizeRequest, type NormalizeContext } from "./normalize-request.js";
import { insertTokens, redactSecrets } from "./placeholders.js";
import { SseFrameDecoder, jsonOrText } from "../transport/sse-codec.js";

export interface RecordingOptions extends NormalizeContext {
  inner: typeof globalThis.fetch;
  /** Receives exchange `n` (1-based) once its response has been read to the end, broken off or abandoned. */
  onExchange: (n: number, exchange: CassetteExchange) => void;
}

export interface RecordingFetch {
  fetch: typeof globalThis.fetch;
  /** Hands over the exchanges whose bodies were never read to the end; returns how many were recorded in all. */
  flush(): number;
}

/** Response headers a replay needs (content type, retry hints, request id); nothing identifying the account. */
const KEPT_RESPONSE_HEADERS = ["content-type", "retry-after", "retry-after-ms", "x-should-retry", "x-request-id"];

/** Statuses whose Response must have no body. */
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/** A fetch that records what it sends and receives; streamed bodies reach the SDK as they arrive. */
export function createRecordingFetch(opts: RecordingOptions): RecordingFetch {
  let numbered = 0;
  const pending = new Map<number, () => void>();

  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = normalizeRequest(input, init, opts);
    // Numbered once the provider answered: a request we aborted before any answer (an interrupt, or
    // a header timeout followed by a retry) is not part of the traffic a replay has to serve.
    // Requests are sequential, so this is also the order they were sent in.
    let n = 0;
    const portableText = (text: string): string => redactSecrets(insertTokens(text, opts.placeholders), opts.secrets);
    const emit = (recorded: RecordedResponse): void => {
      pending.delete(n);
      // A path or secret cut across two deltas would escape replacement piece by piece.
      const response =
        "events" in recorded ? { ...recorded, events: coalesceDeltas(recorded.events, (t) => portableText(t) !== t) } : recorded;
      const portable = redactSecrets(insertTokens(response, opts.placeholders), opts.secrets);
      opts.onExchange(n, { request, response: portable });
    };
    let res: Response;
    try {
      res = await opts.inner(input, init);
    } catch (err) {
      if (!init?.signal?.aborted) {
        n = ++numbered;
        emit({ network_error: err instanceof Error ? err.message : String(err) });
      }
      throw err;
    }
    n = ++numbered;
    const status = res.status;
    const headers = keptHeaders(res.headers);
    const isSse = (res.headers.get("content-type") ?? "").includes("text/event-stream");
    if (!isSse || res.body === null) {
      const text = await res.text();
      emit({ status, headers, body: text === "" ? null : jsonOrText(text) });
      const body = NULL_BODY_STATUS.has(status) ? null : text;
      return new Response(body, { status, statusText: res.statusText, headers: res.headers });
    }
    const body = recordStream(res.body, {
      signal: init?.signal ?? undefined,
      done: (events, streamError) => emit({ status, headers, events, ...(streamError === undefined ? {} : { stream_error: streamError }) }),
      register: (finish) => pending.set(n, finish),
    });
    return new Response(body, { status, statusText: res.statusText, headers: res.headers });
  };

  return {
    fetch,
    flush: () => {
      for (const finish of [...pending.values()]) finish();
      return numbered;
    },
  };
}

/**
 * The body passed through chunk by chunk while its SSE frames are decoded. `done` is called once: at the
 * end of the body, when it breaks, when the reader cancels, or when the request is aborted (the client
 * aborts right after `response.completed`, without reading on).
 */
function recordStream(
  body: ReadableStream<Uint8Array>,
  hooks: {
    signal: AbortSignal | undefined;
    done: (events: unknown[], streamError: string | undefined) => void;
    /** Receives the function that completes the recording early (`flush`). */
    register: (finish: () => void) => void;
  },
): ReadableStream<Uint8Array> {
  const { signal, done, register } = hooks;
  const reader = body.getReader();
  const decoder = new SseFrameDecoder();
  const text = new TextDecoder();
  let finished = false;
  const finish = (streamError?: string): void => {
    if (finished) return;
    finished = true;
    signal?.removeEventListener("abort", onAbort);
    done(decoder.values, streamError);
  };
  const onAbort = (): void => finish();
  signal?.addEventListener("abort", onAbort, { once: true });
  register(() => finish());
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: ended, value } = await reader.read();
        if (ended) {
          decoder.push(text.decode());
          finish();
          controller.close();
          return;
        }
        decoder.push(text.decode(value, { stream: true }));
        controller.enqueue(value);
      } catch (err) {
        // Our own abort is not part of the provider's traffic; a reset is, and replays as one.
        finish(signal?.aborted ? undefined : err instanceof Error ? err.message : String(err));
        controller.error(err);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason);
    },
  });
}

function keptHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_RESPONSE_HEADERS) {
    const value = headers.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}
