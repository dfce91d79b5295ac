// The one error taxonomy: every thrown error is one of these, with a stable code (exit codes: cli/exit-codes.ts).

import type { TurnErrorCode } from "./protocol/index.js";

interface ErrorOptions {
  cause?: unknown;
}

/** Base class: `code` is stable snake_case; the exit code each maps to is the cli's (cli/exit-codes.ts). */
export abstract class CodexExecError extends Error {
  abstract readonly code: string;
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/** Bad command-line usage (unknown flag, bad value). Exit 2, like clap/commander. */
export class UsageError extends CodexExecError {
  constructor(
    readonly code: "usage_invalid_flag" | "usage_invalid_value",
    message: string,
  ) {
    super(message);
  }
}

/** The configuration (file, profile or `-c`) cannot be read or is invalid. Exit 1. */
export class ConfigError extends CodexExecError {
  constructor(
    readonly code: "config_unreadable" | "config_invalid" | "config_override_invalid" | "config_profile_missing",
    message: string,
    options: ErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** A precondition of the run failed before any model request (prompt, git check, files). Exit 1. */
export class StartupError extends CodexExecError {
  constructor(
    readonly code:
      | "prompt_missing"
      | "prompt_unreadable"
      | "input_too_large"
      | "not_a_git_repo"
      | "cwd_invalid"
      | "add_dir_invalid"
      | "output_file_invalid"
      | "output_schema_invalid"
      | "auth_missing_key"
      | "image_unreadable"
      | "review_target_invalid"
      | "instructions_unreadable"
      | "cassette_invalid"
      | "cassette_unwritable"
      | "budget_unpriced",
    message: string,
    options: ErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** A failure talking to the model provider; `turnCode` classifies it for `turn.failed`. */
/** What went wrong talking to the provider, as a stable code (`turnCode` is the coarser turn error code). */
export type ModelApiErrorCode =
  | "api_timeout"
  | "api_connection"
  | "auth_rejected"
  | "api_usage_limit"
  | "api_rate_limited"
  | "api_context_length"
  | "api_not_found"
  | "api_server"
  | "api_overloaded"
  | "api_bad_request"
  | "replay_mismatch"
  | "replay_exhausted";

export class ModelApiError extends CodexExecError {
  constructor(
    readonly code: ModelApiErrorCode,
    readonly turnCode: TurnErrorCode,
    message: string,
    readonly retryable: boolean,
    options: ErrorOptions & { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message, options);
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
  readonly status: number | undefined;
  /** Delay the server asked for before retrying, if any. */
  readonly retryAfterMs: number | undefined;
}

/**
 * `--replay`: the run asked the model something the cassette does not hold (a request that differs
 * from the recorded one, or one more request than were recorded). Fails the turn; never retried.
 */
export class ReplayError extends ModelApiError {
  constructor(code: "replay_mismatch" | "replay_exhausted", message: string) {
    super(code, "bad_request", message, false);
  }

  /**
   * The SDK decides a failed fetch was a timeout by matching /timed? ?out/ in `String(err)`, and then
   * drops the error; the message quotes request content, which must not steer that.
   */
  override toString(): string {
    return `ReplayError: ${this.code}`;
  }
}

/** The SSE stream broke, stalled or carried malformed data; usually retryable. */
export class StreamError extends CodexExecError {
  readonly turnCode: TurnErrorCode = "stream";
  constructor(
    readonly code: "stream_closed_early" | "stream_malformed" | "stream_failed" | "stream_idle" | "stream_transport",
    message: string,
    readonly retryable = true,
    options: ErrorOptions & { retryAfterMs?: number } = {},
  ) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
  readonly retryAfterMs: number | undefined;
}

/** MCP servers marked `required = true` did not start; the run stops before any model request. Exit 1. */
export class McpStartupError extends CodexExecError {
  readonly code = "mcp_required_failed";
  /** `failures`: each failed required server with its reason. */
  constructor(readonly failures: ReadonlyArray<{ server: string; reason: string }>) {
    super(`Error: required MCP servers failed to initialize: ${failures.map((f) => `${f.server}: ${f.reason}`).join("; ")}`);
  }
}

/** A stored session (rollout file) cannot be found, read or written. Exit 1. */
export class SessionError extends CodexExecError {
  constructor(
    readonly code: "session_not_found" | "session_unreadable" | "session_write_failed",
    message: string,
    options: ErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** An invariant of our own code broke. Exit 1. */
export class InternalError extends CodexExecError {
  readonly code = "internal_bug";
}

/** Any thrown value as an Error, so callers never handle `unknown` ad hoc. */
export function castToError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === "string" ? value : JSON.stringify(value));
}

/** Whether a thrown value came from an AbortSignal. */
export function isAbortError(value: unknown): boolean {
  return value instanceof Error && (value.name === "AbortError" || value.name === "APIUserAbortError");
}

/** A turn that failed, as the TypeScript API reports it; `code` is the turn error code (auth, rate_limit, …). */
export class TurnFailedError extends CodexExecError {
  constructor(
    readonly code: TurnErrorCode,
    message: string,
  ) {
    super(message);
  }
}
