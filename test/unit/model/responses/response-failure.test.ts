// `response.failed` / `error` events: codex's code table, retryability and "try again in" delays.

import { describe, expect, it } from "vitest";
import { ModelApiError, StreamError } from "../../../../src/errors.js";
import { mapResponseFailure } from "../../../../src/model/responses/response-failure.js";

describe("mapResponseFailure", () => {
  it.each([
    {
      code: "context_length_exceeded",
      message: "too long",
      cls: ModelApiError,
      want: {
        turnCode: "context_length",
        retryable: false,
        message: "the conversation is too long for the model's context window; start a new thread or shorten the input",
      },
    },
    {
      code: "insufficient_quota",
      message: "x",
      cls: ModelApiError,
      want: { turnCode: "usage_limit", retryable: false, message: "Quota exceeded. Check your plan and billing details." },
    },
    {
      code: "usage_limit_reached",
      message: "You've hit your usage limit.",
      cls: ModelApiError,
      want: { turnCode: "usage_limit", retryable: false, message: "usage limit reached: You've hit your usage limit." },
    },
    {
      code: "usage_not_included",
      message: null,
      cls: ModelApiError,
      want: { turnCode: "usage_limit", retryable: false, message: "usage limit reached: usage_not_included" },
    },
    {
      code: "invalid_prompt",
      message: "Invalid prompt: flagged",
      cls: ModelApiError,
      want: { turnCode: "bad_request", retryable: false, message: "Invalid prompt: flagged" },
    },
    { code: "invalid_prompt", message: "  ", cls: ModelApiError, want: { message: "Invalid request." } },
    {
      code: "server_is_overloaded",
      message: "busy",
      cls: ModelApiError,
      want: { turnCode: "server", retryable: false, message: "Selected model is at capacity. Please try a different model." },
    },
    { code: "slow_down", message: "", cls: ModelApiError, want: { turnCode: "server", retryable: false } },
    {
      code: null,
      message: "An error occurred while processing your request.",
      cls: StreamError,
      want: { code: "stream_failed", retryable: true, message: "An error occurred while processing your request." },
    },
    { code: undefined, message: undefined, cls: StreamError, want: { message: "response.failed event received", retryable: true } },
    {
      code: "rate_limit_exceeded",
      message: "synthetic server error",
      cls: StreamError,
      want: { code: "stream_failed", retryable: true, message: "rate limit exceeded: synthetic server error", retryAfterMs: undefined },
    },
    {
      code: "rate_limit_exceeded",
      message: "Rate limit reached. Please try again in 1.5s.",
      cls: StreamError,
      want: { retryable: true, retryAfterMs: 1500 },
    },
    {
      code: "rate_limit_exceeded",
      message: "Please try again in 250ms",
      cls: StreamError,
      want: { retryAfterMs: 250 },
    },
    {
      code: "rate_limit_exceeded",
      message: "Please try again in 20 seconds.",
      cls: StreamError,
      want: { retryAfterMs: 20_000 },
    },
    { code: "server_error", message: "", cls: StreamError, want: { message: "server error: no details", retryable: true } },
  ])("$code / $message", ({ code, message, cls, want }) => {
    const err = mapResponseFailure(code, message);
    expect(err).toBeInstanceOf(cls);
    expect(err).toMatchObject(want);
    if ("retryAfterMs" in want && want.retryAfterMs === undefined) expect((err as StreamError).retryAfterMs).toBeUndefined();
  });
});
