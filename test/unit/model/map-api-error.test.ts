// openai SDK errors (real instances from APIError.generate) → our typed errors, one actionable line each.

import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { describe, expect, it } from "vitest";
import { ModelApiError, StartupError, StreamError } from "../../../src/errors.js";
import { mapApiError, parseRetryAfter, summarize, type ErrorContext } from "../../../src/model/map-api-error.js";

const CTX: ErrorContext = { model: "gpt-5.5", providerId: "mock", baseUrl: "http://127.0.0.1:9/v1", keySource: "CODEX_API_KEY" };

/** What the SDK builds from an HTTP error response: JSON body → errorResponse, otherwise the text as message. */
function httpError(status: number, body: unknown, headers: Record<string, string> = {}): APIError {
  const h = new Headers(headers);
  if (typeof body === "string") return APIError.generate(status, undefined, body, h);
  return APIError.generate(status, body as object, undefined, h);
}

const apiBody = (message: string, type?: string, code?: string): object => ({
  error: { message, ...(type ? { type } : {}), ...(code ? { code } : {}), param: null },
});

function mapped(err: unknown, ctx: ErrorContext = CTX): ModelApiError {
  const out = mapApiError(err, ctx);
  expect(out).toBeInstanceOf(ModelApiError);
  return out as ModelApiError;
}

describe("mapApiError: HTTP status", () => {
  it("401 → auth, not retryable, names where the key came from", () => {
    const e = mapped(httpError(401, apiBody("Incorrect API key provided: sk-xx.", "invalid_request_error", "invalid_api_key")));
    expect(e).toMatchObject({ code: "auth_rejected", turnCode: "auth", retryable: false, status: 401 });
    expect(e.message).toBe("authentication failed (401): Incorrect API key provided: sk-xx.; check the key in CODEX_API_KEY");
  });

  it("401 without a key source says what to set", () => {
    const e = mapped(httpError(401, apiBody("Missing bearer")), { ...CTX, keySource: null });
    expect(e.message).toBe("authentication failed (401): Missing bearer; set CODEX_API_KEY or the provider's env_key");
  });

  it("403 → auth", () => {
    expect(mapped(httpError(403, apiBody("forbidden")))).toMatchObject({ turnCode: "auth", retryable: false, status: 403 });
  });

  it.each([
    { type: "usage_limit_reached", code: undefined },
    { type: undefined, code: "usage_not_included" },
    { type: "insufficient_quota", code: "insufficient_quota" },
  ])("429 with $type/$code → usage_limit, not retryable", ({ type, code }) => {
    const e = mapped(httpError(429, apiBody("The usage limit has been reached", type, code), { "retry-after": "5" }));
    expect(e).toMatchObject({ code: "api_usage_limit", turnCode: "usage_limit", retryable: false, status: 429 });
    expect(e.message).toBe("usage limit reached: The usage limit has been reached");
  });

  it("429 plain → rate_limit, retryable, Retry-After honoured", () => {
    const e = mapped(httpError(429, apiBody("Rate limit reached for gpt-5.5", "requests", "rate_limit_exceeded"), { "retry-after": "7" }));
    expect(e).toMatchObject({ code: "api_rate_limited", turnCode: "rate_limit", retryable: true, status: 429, retryAfterMs: 7000 });
    expect(e.message).toBe("rate limited (429): Rate limit reached for gpt-5.5");
  });

  it("429 with retry-after-ms prefers it", () => {
    expect(mapped(httpError(429, apiBody("slow"), { "retry-after-ms": "1500", "retry-after": "9" })).retryAfterMs).toBe(1500);
  });

  it("429 without Retry-After leaves the delay to the backoff", () => {
    expect(mapped(httpError(429, apiBody("slow"))).retryAfterMs).toBeUndefined();
  });

  it.each([
    { name: "code", body: apiBody("This model's maximum context length is 272000 tokens.", "invalid_request_error", "context_length_exceeded") },
    { name: "message", body: apiBody("Your input exceeds the context window of this model.") },
  ])("400 context length (by $name) → context_length", ({ body }) => {
    const e = mapped(httpError(400, body));
    expect(e).toMatchObject({ code: "api_context_length", turnCode: "context_length", retryable: false, status: 400 });
    expect(e.message).toBe(
      "the conversation is too long for the model's context window; start a new thread or shorten the input",
    );
  });

  it("other 400 → bad_request with the detail", () => {
    const e = mapped(httpError(400, apiBody("Unsupported parameter: 'reasoning.effort'", "invalid_request_error")));
    expect(e).toMatchObject({ code: "api_bad_request", turnCode: "bad_request", retryable: false });
    expect(e.message).toBe("request rejected (400): Unsupported parameter: 'reasoning.effort'");
  });

  it("404 names the model, the provider and its base URL", () => {
    const e = mapped(httpError(404, apiBody("The model `gpt-9` does not exist")), { ...CTX, model: "gpt-9", providerId: "openai" });
    expect(e).toMatchObject({ code: "api_not_found", turnCode: "bad_request", retryable: false, status: 404 });
    expect(e.message).toBe(
      "model `gpt-9` not found at provider `openai` (404 from http://127.0.0.1:9/v1): The model `gpt-9` does not exist; check the model name and the base URL",
    );
  });

  it("408 → timeout, retryable", () => {
    expect(mapped(httpError(408, apiBody("timeout")))).toMatchObject({ turnCode: "timeout", retryable: true });
  });

  it.each([500, 502, 503, 504, 529])("%i → server, retryable", (status) => {
    const e = mapped(httpError(status, apiBody("upstream trouble"), { "retry-after": "2" }));
    expect(e).toMatchObject({ code: "api_server", turnCode: "server", retryable: true, status, retryAfterMs: 2000 });
    expect(e.message).toBe(`server error (${status}): upstream trouble`);
  });

  it("HTML error page is summarised to its <title>", () => {
    const html = "<!DOCTYPE html>\n<html><head><title> 502 Bad Gateway </title></head><body><h1>502</h1>" + "x".repeat(5000) + "</body></html>";
    const e = mapped(httpError(502, html));
    expect(e.message).toBe("server error (502): HTML error page: 502 Bad Gateway");
  });

  it("a plain-text body is used as the detail", () => {
    expect(mapped(httpError(503, "upstream connect error")).message).toBe("server error (503): 503 upstream connect error");
  });

  it("other 4xx → bad_request, not retryable", () => {
    expect(mapped(httpError(422, apiBody("nope")))).toMatchObject({ turnCode: "bad_request", retryable: false, status: 422 });
  });
});

describe("mapApiError: transport", () => {
  it("connection refused → network, retryable, names the base URL, the cause code and what to check", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const outer = Object.assign(new TypeError("fetch failed"), { cause });
    const e = mapped(new APIConnectionError({ message: "Connection error.", cause: outer }));
    expect(e).toMatchObject({ code: "api_connection", turnCode: "network", retryable: true });
    expect(e.message).toBe(
      "could not reach the model provider at http://127.0.0.1:9/v1: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:9); check that it is running and that the base URL is right",
    );
  });

  it("connection error without cause uses the SDK message", () => {
    expect(mapped(new APIConnectionError({})).message).toBe(
      "could not reach the model provider at http://127.0.0.1:9/v1: Connection error; check that it is running and that the base URL is right",
    );
  });

  it("APIError.generate without status is a connection error", () => {
    const e = mapped(APIError.generate(undefined, new Error("socket hang up"), "Connection error.", undefined));
    expect(e.turnCode).toBe("network");
  });

  it("timeout → timeout, retryable", () => {
    expect(mapped(new APIConnectionTimeoutError())).toMatchObject({ code: "api_timeout", turnCode: "timeout", retryable: true });
  });

  it("user abort → non-retryable stream_transport", () => {
    const e = mapApiError(new APIUserAbortError(), CTX);
    expect(e).toBeInstanceOf(StreamError);
    expect(e).toMatchObject({ code: "stream_transport", retryable: false });
  });

  it("an in-stream error event (APIError without status) → retryable stream_failed", () => {
    const e = mapApiError(new APIError(undefined, { message: "An error occurred" }, undefined, undefined), CTX);
    expect(e).toBeInstanceOf(StreamError);
    expect(e).toMatchObject({ code: "stream_failed", retryable: true });
  });

  it("malformed SSE JSON (SyntaxError) → retryable stream_malformed", () => {
    const e = mapApiError(new SyntaxError("Unexpected token } in JSON at position 9"), CTX);
    expect(e).toBeInstanceOf(StreamError);
    expect(e).toMatchObject({ code: "stream_malformed", retryable: true });
    expect(e.message).toBe("malformed SSE data: Unexpected token } in JSON at position 9");
  });

  it("any other error → retryable stream_transport naming it", () => {
    const e = mapApiError(new TypeError("terminated"), CTX);
    expect(e).toBeInstanceOf(StreamError);
    expect(e).toMatchObject({ code: "stream_transport", retryable: true });
    expect(e.message).toBe("stream disconnected before completion: terminated");
  });

  it("our own errors pass through unchanged", () => {
    const own = new StartupError("auth_missing_key", "x");
    expect(mapApiError(own, CTX)).toBe(own);
  });
});

describe("summarize", () => {
  it.each([
    { input: "  a \n\n b\t c ", want: "a b c" },
    { input: "", want: "no details" },
    { input: "<html><body>no title</body></html>", want: "HTML error page" },
    { input: "<HTML><TITLE>Oops</TITLE></HTML>", want: "HTML error page: Oops" },
    { input: "y".repeat(301), want: `${"y".repeat(300)}...` },
    { input: "y".repeat(300), want: "y".repeat(300) },
  ])("$input", ({ input, want }) => {
    expect(summarize(input)).toBe(want);
  });
});

describe("parseRetryAfter", () => {
  const NOW = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    { headers: undefined, want: undefined },
    { headers: {}, want: undefined },
    { headers: { "retry-after": "3" }, want: 3000 },
    { headers: { "retry-after": "0" }, want: 0 },
    { headers: { "retry-after": "1.5" }, want: 1500 },
    { headers: { "retry-after-ms": "250" }, want: 250 },
    { headers: { "retry-after-ms": "250", "retry-after": "3" }, want: 250 },
    { headers: { "retry-after-ms": "soon", "retry-after": "3" }, want: 3000 },
    { headers: { "retry-after": "Thu, 01 Jan 2026 00:00:10 GMT" }, want: 10_000 },
    { headers: { "retry-after": "Wed, 31 Dec 2025 23:59:00 GMT" }, want: 0 },
    { headers: { "retry-after": "whenever" }, want: undefined },
  ])("$headers → $want", ({ headers, want }) => {
    expect(parseRetryAfter(headers === undefined ? undefined : new Headers(headers), NOW)).toBe(want);
  });
});
