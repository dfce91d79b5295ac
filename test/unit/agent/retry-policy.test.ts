// Retry policy: which errors retry, exponential backoff with jitter, server delays win.

import { describe, expect, it } from "vitest";
import { ConfigError, ModelApiError, StreamError } from "../../../src/errors.js";
import { backoffMs, isRetryable, MAX_RETRY_AFTER_MS, retryDelayMs, retryPhase } from "../../../src/agent/retry-policy.js";

const fixed = (v: number) => (): number => v;

describe("backoffMs", () => {
  it.each([
    { attempt: 1, base: 200, r: 0.5, want: 200 },
    { attempt: 2, base: 200, r: 0.5, want: 400 },
    { attempt: 3, base: 200, r: 0.5, want: 800 },
    { attempt: 5, base: 200, r: 0.5, want: 3200 },
    { attempt: 1, base: 200, r: 0, want: 180 },
    { attempt: 1, base: 200, r: 1, want: 220 },
    { attempt: 3, base: 200, r: 0, want: 720 },
    { attempt: 3, base: 200, r: 1, want: 880 },
    { attempt: 0, base: 200, r: 0.5, want: 200 },
    { attempt: 4, base: 0, r: 0.7, want: 0 },
    { attempt: 2, base: 1, r: 0.5, want: 2 },
  ])("attempt $attempt, base $base, random $r → $want", ({ attempt, base, r, want }) => {
    expect(backoffMs(attempt, base, fixed(r))).toBe(want);
  });

  it("calls random once per computation", () => {
    let calls = 0;
    backoffMs(2, 100, () => {
      calls += 1;
      return 0.5;
    });
    expect(calls).toBe(1);
  });

  it("jitter stays within ±10%", () => {
    for (let i = 0; i <= 10; i++) {
      const d = backoffMs(4, 1000, fixed(i / 10));
      expect(d).toBeGreaterThanOrEqual(7200);
      expect(d).toBeLessThanOrEqual(8800);
    }
  });
});

describe("retryDelayMs", () => {
  const rate = (retryAfterMs?: number): ModelApiError =>
    new ModelApiError("api_rate_limited", "rate_limit", "r", true, retryAfterMs === undefined ? {} : { retryAfterMs });

  it.each([
    { name: "server delay wins", err: rate(1234), want: 1234 },
    { name: "zero server delay", err: rate(0), want: 0 },
    { name: "at the cap", err: rate(MAX_RETRY_AFTER_MS), want: MAX_RETRY_AFTER_MS },
    { name: "over the cap → capped", err: rate(MAX_RETRY_AFTER_MS + 1), want: MAX_RETRY_AFTER_MS },
    { name: "far over the cap → capped", err: rate(3_600_000), want: MAX_RETRY_AFTER_MS },
    { name: "no server delay → backoff", err: rate(), want: 400 },
    { name: "stream error delay", err: new StreamError("stream_failed", "x", true, { retryAfterMs: 55 }), want: 55 },
    { name: "untyped error → backoff", err: new Error("x"), want: 400 },
  ])("$name", ({ err, want }) => {
    expect(retryDelayMs(err, 2, 200, fixed(0.5))).toBe(want);
  });
});

describe("isRetryable", () => {
  it.each([
    { err: new ModelApiError("api_server", "server", "x", true), want: true },
    { err: new ModelApiError("auth_rejected", "auth", "x", false), want: false },
    { err: new StreamError("stream_closed_early", "x"), want: true },
    { err: new StreamError("stream_transport", "x", false), want: false },
    { err: new ConfigError("config_invalid", "x"), want: false },
    { err: new Error("x"), want: false },
    { err: "string", want: false },
  ])("$err → $want", ({ err, want }) => {
    expect(isRetryable(err)).toBe(want);
  });
});

describe("retryPhase", () => {
  it.each([
    { err: new StreamError("stream_closed_early", "x"), want: "stream" },
    { err: new StreamError("stream_transport", "x"), want: "stream" },
    { err: new ModelApiError("api_server", "server", "x", true), want: "request" },
    { err: new ModelApiError("api_connection", "network", "x", true), want: "request" },
    { err: new Error("x"), want: "request" },
  ])("$err.code → $want", ({ err, want }) => {
    expect(retryPhase(err)).toBe(want);
  });
});
