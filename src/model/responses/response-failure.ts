// Maps a `response.failed` / `error` event's code and message to a typed error (codex's table).

import { ModelApiError, StreamError, type CodexExecError } from "../../errors.js";

const TRY_AGAIN = /try again in\s*(\d+(?:\.\d+)?)\s*(s|ms|seconds?)/i;

/** Classify a failure the server reported inside the stream. */
export function mapResponseFailure(code: string | null | undefined, message: string | null | undefined): CodexExecError {
  const msg = message?.trim() || "";
  switch (code) {
    case "context_length_exceeded":
      return new ModelApiError(
        "api_context_length",
        "context_length",
        "the conversation is too long for the model's context window; start a new thread or shorten the input",
        false,
      );
    case "insufficient_quota":
      return new ModelApiError("api_usage_limit", "usage_limit", "Quota exceeded. Check your plan and billing details.", false);
    case "usage_not_included":
    case "usage_limit_reached":
      return new ModelApiError("api_usage_limit", "usage_limit", `usage limit reached: ${msg || code}`, false);
    case "invalid_prompt":
      return new ModelApiError("api_bad_request", "bad_request", msg || "Invalid request.", false);
    case "server_is_overloaded":
    case "slow_down":
      return new ModelApiError("api_overloaded", "server", "Selected model is at capacity. Please try a different model.", false);
    case null:
    case undefined:
      return new StreamError("stream_failed", msg || "response.failed event received");
    default: {
      const delay = TRY_AGAIN.exec(msg);
      const retryAfterMs = delay ? retryDelayMs(delay[1] ?? "0", delay[2] ?? "s") : undefined;
      const text = `${code.replace(/_/g, " ")}: ${msg || "no details"}`;
      return new StreamError("stream_failed", text, true, retryAfterMs === undefined ? {} : { retryAfterMs });
    }
  }
}

function retryDelayMs(value: string, unit: string): number {
  const n = Number(value);
  return unit.toLowerCase() === "ms" ? n : n * 1000;
}
