// What both wire clients share: their options, the configured openai SDK instance and the idle timer.

import OpenAI from "openai";
import { StreamError } from "../../errors.js";
import type { Logger } from "../../protocol/index.js";
import type { ErrorContext } from "../map-api-error.js";
import type { ModelSettings } from "../responses/responses-request.js";

/** How to reach a provider and what to ask it for; the same for the Responses and Chat wires. */
export interface ModelClientOptions {
  baseUrl: string;
  /** Bearer token, or null to send no Authorization header. */
  apiKey: string | null;
  headers: Record<string, string>;
  queryParams: Record<string, string>;
  idleTimeoutMs: number;
  settings: ModelSettings;
  errorContext: ErrorContext;
  logger: Logger;
  fetch?: typeof globalThis.fetch;
  /** Told of large payloads in the stream once they are dropped (see `SseReadOptions.onLargePayloads`). */
  onLargePayloads?: (chars: number) => void;
}

/** An SDK client with its own retries off: the agent's retry policy owns them. */
export function createOpenAiSdk(opts: ModelClientOptions): OpenAI {
  const headers: Record<string, string | null> = { ...opts.headers };
  if (opts.apiKey === null) headers["Authorization"] = null;
  return new OpenAI({
    apiKey: opts.apiKey ?? "unused",
    baseURL: opts.baseUrl.replace(/\/+$/, ""),
    organization: null,
    project: null,
    maxRetries: 0,
    // Time allowed until response headers arrive; the body is guarded by our own idle timer.
    timeout: opts.idleTimeoutMs,
    defaultHeaders: headers,
    defaultQuery: opts.queryParams,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
}

/** The next streamed value, or a StreamError (after aborting `controller`) when none arrives in time. */
export async function nextWithinIdle<T>(
  iterator: AsyncIterator<T>,
  controller: AbortController,
  idleTimeoutMs: number,
): Promise<IteratorResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new StreamError("stream_idle", `idle timeout waiting for SSE (${idleTimeoutMs} ms)`));
    }, idleTimeoutMs);
  });
  const next = iterator.next();
  // If the idle timer wins, the aborted read rejects later; that rejection is expected.
  next.catch(() => undefined);
  try {
    return await Promise.race([next, idle]);
  } finally {
    clearTimeout(timer);
  }
}
