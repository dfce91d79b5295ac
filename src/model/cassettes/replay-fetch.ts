// `--replay`: a fetch for the openai SDK that answers request N with recorded exchange N, after checking it matches.

import { ReplayError } from "../../errors.js";
import { exchangeFileName, type Cassette, type RecordedResponse } from "./cassette.js";
import { normalizeRequest, normalizeRequestBody } from "./normalize-request.js";
import { resolveTokens, type Placeholder } from "./placeholders.js";
import { diffRequests } from "./request-diff.js";
import { encodeSseFrame } from "../transport/sse-codec.js";

export interface ReplayOptions {
  cassette: Cassette;
  /** The base URL the client was given; request paths are taken relative to it. */
  baseUrl: string;
  /** This run's values for the cassette's `{{tokens}}`. */
  placeholders: readonly Placeholder[];
  /** Redacted from live requests before comparing, as they were when recording. */
  secrets: readonly string[];
  /** `--replay-lenient`: a request that does not match is warned about once, then served anyway. */
  lenient: boolean;
  warn: (message: string) => void;
}

/**
 * A fetch that never touches the network. The Response it builds goes through the SDK's own parsing,
 * so a replayed run exercises the same code as a live one.
 */
export function createReplayFetch(opts: ReplayOptions): typeof globalThis.fetch {
  const { cassette } = opts;
  let served = 0;
  let warned = false;
  return async (input, init) => {
    const n = ++served;
    const exchange = cassette.exchanges[n - 1];
    if (exchange === undefined) {
      const count = cassette.exchanges.length;
      throw new ReplayError(
        "replay_exhausted",
        `replay: the run made request ${n}, but ${cassette.source} holds ${count} recorded exchange${count === 1 ? "" : "s"}`,
      );
    }
    const live = normalizeRequest(input, init, { baseUrl: opts.baseUrl, placeholders: opts.placeholders, secrets: opts.secrets });
    const recorded = { ...exchange.request, body: normalizeRequestBody(exchange.request.body, { placeholders: [], secrets: [] }) };
    const differences = diffRequests(recorded, live);
    if (differences.length > 0) {
      const message = `replay: request ${n} does not match ${exchangeFileName(n)} of ${cassette.source}: ${differences.join("; ")}`;
      if (!opts.lenient) throw new ReplayError("replay_mismatch", message);
      if (!warned) opts.warn(`${message} (continuing: --replay-lenient)`);
      warned = true;
    }
    return synthesize(resolveTokens(exchange.response, opts.placeholders), init?.signal ?? undefined);
  };
}

/** The recorded response as a fetch Response: SSE frames streamed one by one, or the recorded body. */
function synthesize(response: RecordedResponse, signal: AbortSignal | undefined): Response {
  if ("network_error" in response) throw new TypeError(`fetch failed (recorded): ${response.network_error}`);
  const headers = new Headers(response.headers);
  if (!("events" in response)) {
    const recorded = response.body;
    const body = recorded === null || recorded === undefined ? null : typeof recorded === "string" ? recorded : JSON.stringify(recorded);
    if (body !== null && !headers.has("content-type")) headers.set("content-type", "application/json");
    return new Response(body, { status: response.status, headers });
  }
  if (!headers.has("content-type")) headers.set("content-type", "text/event-stream");
  const frames = response.events.map(encodeSseFrame);
  const streamError = response.stream_error;
  const bytes = new TextEncoder();
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (signal?.aborted) {
        controller.error(signal.reason);
        return;
      }
      const frame = frames[next++];
      if (frame !== undefined) {
        controller.enqueue(bytes.encode(frame));
        return;
      }
      // The recording broke here (a reset mid-stream); so does the replay.
      if (streamError !== undefined) controller.error(new TypeError(`terminated (recorded): ${streamError}`));
      else controller.close();
    },
  });
  return new Response(body, { status: response.status, headers });
}
