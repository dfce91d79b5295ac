// Turns openai SDK and transport errors into our typed errors, with one actionable line each.

import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { CodexExecError, ModelApiError, StreamError } from "../errors.js";

/** What the message should name: the model, the provider and its base URL, where the key came from. */
export interface ErrorContext {
  model: string;
  providerId: string;
  baseUrl: string;
  keySource: string | null;
}

const MAX_DETAIL = 300;

/** Classify any error thrown while opening or reading a response stream. */
export function mapApiError(err: unknown, ctx: ErrorContext): CodexExecError {
  if (err instanceof CodexExecError) return err;
  // An error of ours raised inside an injected fetch (e.g. `--replay`) reaches us wrapped by the SDK.
  if (err instanceof APIConnectionError && err.cause instanceof CodexExecError) return err.cause;
  if (err instanceof APIUserAbortError) return new StreamError("stream_transport", "request aborted", false);
  if (err instanceof APIConnectionTimeoutError) {
    return new ModelApiError("api_timeout", "timeout", "timed out waiting for the model provider to respond", true, { cause: err });
  }
  if (err instanceof APIConnectionError) {
    const reason = (describeCause(err.cause) ?? err.message).replace(/\.$/, "");
    return new ModelApiError(
      "api_connection",
      "network",
      `could not reach the model provider at ${ctx.baseUrl}: ${reason}; check that it is running and that the base URL is right`,
      true,
      { cause: err },
    );
  }
  if (err instanceof APIError && err.status !== undefined) return mapStatus(err, err.status, ctx);
  if (err instanceof APIError) {
    // An `event: error` frame inside the stream.
    return new StreamError("stream_failed", err.message || "the provider reported an error", true, { cause: err });
  }
  if (err instanceof SyntaxError) {
    return new StreamError("stream_malformed", `malformed SSE data: ${err.message}`, true, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new StreamError("stream_transport", `stream disconnected before completion: ${message}`, true, { cause: err });
}

function mapStatus(err: APIError, status: number, ctx: ErrorContext): CodexExecError {
  const body = errorBody(err);
  const detail = summarize(body.message ?? err.message);
  const options = { status, cause: err };
  const retryAfterMs = parseRetryAfter(err.headers);
  if (status === 401 || status === 403) {
    const fix = ctx.keySource ? `check the key in ${ctx.keySource}` : "set CODEX_API_KEY or the provider's env_key";
    return new ModelApiError("auth_rejected", "auth", `authentication failed (${status}): ${detail}; ${fix}`, false, options);
  }
  if (status === 429) {
    const kind = `${body.type ?? ""} ${body.code ?? ""}`;
    if (/usage_limit_reached|usage_not_included|insufficient_quota/.test(kind)) {
      return new ModelApiError("api_usage_limit", "usage_limit", `usage limit reached: ${detail}`, false, options);
    }
    return new ModelApiError("api_rate_limited", "rate_limit", `rate limited (429): ${detail}`, true, {
      ...options,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status === 400 && (body.code === "context_length_exceeded" || /context length|context window/i.test(detail))) {
    return new ModelApiError(
      "api_context_length",
      "context_length",
      "the conversation is too long for the model's context window; start a new thread or shorten the input",
      false,
      options,
    );
  }
  if (status === 404) {
    return new ModelApiError(
      "api_not_found",
      "bad_request",
      `model \`${ctx.model}\` not found at provider \`${ctx.providerId}\` (404 from ${ctx.baseUrl}): ${detail}; check the model name and the base URL`,
      false,
      options,
    );
  }
  if (status === 408) return new ModelApiError("api_timeout", "timeout", `request timed out (408): ${detail}`, true, options);
  if (status >= 500) {
    return new ModelApiError("api_server", "server", `server error (${status}): ${detail}`, true, {
      ...options,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  return new ModelApiError("api_bad_request", "bad_request", `request rejected (${status}): ${detail}`, false, options);
}

interface ErrorBody {
  message?: string;
  type?: string;
  code?: string;
}

function errorBody(err: APIError): ErrorBody {
  const e: unknown = err.error;
  const out: ErrorBody = {};
  if (typeof e === "object" && e !== null) {
    if ("message" in e && typeof e.message === "string") out.message = e.message;
    if ("type" in e && typeof e.type === "string") out.type = e.type;
    if ("code" in e && typeof e.code === "string") out.code = e.code;
  } else if (typeof e === "string") {
    out.message = e;
  }
  if (err.code && !out.code) out.code = err.code;
  return out;
}

/** One short line: HTML and long bodies are reduced to something a person can read. */
export function summarize(text: string): string {
  let t = text;
  if (/<html|<!doctype/i.test(t)) {
    const title = /<title>([^<]*)<\/title>/i.exec(t)?.[1];
    t = title ? `HTML error page: ${title.trim()}` : "HTML error page";
  }
  t = t.replace(/\s+/g, " ").trim();
  if (t === "") return "no details";
  return t.length > MAX_DETAIL ? `${t.slice(0, MAX_DETAIL)}...` : t;
}

/** `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date. */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.get("retry-after-ms") && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get("retry-after");
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function describeCause(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined;
  const code = (cause as NodeJS.ErrnoException).code;
  const inner = describeCause(cause.cause);
  return inner ?? (code ? `${code} (${cause.message})` : cause.message);
}
