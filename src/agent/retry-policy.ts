// The one retry policy: which failures are retried and how long to wait before the next attempt.

import { ModelApiError, StreamError } from "../errors.js";

/** Longest we wait on a server's request (Retry-After); longer requests are capped to this. */
export const MAX_RETRY_AFTER_MS = 60_000;
export const DEFAULT_RETRY_BASE_DELAY_MS = 200;

/** Whether another attempt may succeed. */
export function isRetryable(err: unknown): boolean {
  return (err instanceof ModelApiError || err instanceof StreamError) && err.retryable;
}

/** Exponential backoff `base × 2^(attempt-1)` with ±10% jitter; attempt counts from 1. */
export function backoffMs(attempt: number, baseMs: number, random: () => number): number {
  const jitter = 0.9 + random() * 0.2;
  return Math.round(baseMs * 2 ** Math.max(0, attempt - 1) * jitter);
}

/** The wait before retry `attempt`: the server's explicit delay wins over the backoff. */
export function retryDelayMs(err: unknown, attempt: number, baseMs: number, random: () => number): number {
  const requested = err instanceof ModelApiError || err instanceof StreamError ? err.retryAfterMs : undefined;
  if (requested !== undefined) return Math.min(requested, MAX_RETRY_AFTER_MS);
  return backoffMs(attempt, baseMs, random);
}

/** Which retry budget a failure draws on: failures before the stream started, or during it. */
export function retryPhase(err: unknown): "request" | "stream" {
  return err instanceof StreamError ? "stream" : "request";
}
