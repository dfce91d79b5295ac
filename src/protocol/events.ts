// Events out of a Codex session (the event queue): what happened, in order, for renderers to show.

import type { TurnError } from "./errors-info.js";
import type { TokenUsage } from "./usage.js";

export type ApprovalPolicy = "untrusted" | "on-failure" | "on-request" | "never";
export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";
export type ReasoningEffort = "none" | "minimal" | "low" | "medium" | "high" | "xhigh";
export type ReasoningSummary = "auto" | "concise" | "detailed" | "none";

/** The first event of every session: what it runs with. */
export interface SessionConfiguredEvent {
  type: "session_configured";
  session_id: string;
  model: string;
  model_provider_id: string;
  approval_policy: ApprovalPolicy;
  sandbox_mode: SandboxMode;
  /** Human summary of the sandbox, e.g. `workspace-write [workdir, /tmp, $TMPDIR]`. */
  sandbox_summary: string;
  cwd: string;
  reasoning_effort: ReasoningEffort | null;
  reasoning_summary: ReasoningSummary | null;
  /** Whether the provider speaks the Responses wire (reasoning lines shown in the header). */
  responses_wire: boolean;
  rollout_path: string | null;
}

export type EventMsg =
  | SessionConfiguredEvent
  | { type: "task_started"; turn_id: string }
  | { type: "agent_message"; item_id: string; message: string }
  | { type: "agent_reasoning"; item_id: string; text: string }
  | { type: "token_count"; total: TokenUsage; last: TokenUsage }
  /** A retryable failure: the session is retrying (`Reconnecting... n/m`). */
  | { type: "stream_error"; message: string; details: string }
  /** A fatal failure of the current turn; a failed `task_complete` follows. */
  | { type: "error"; error: TurnError }
  | { type: "warning"; message: string }
  | {
      type: "task_complete";
      turn_id: string;
      status: "completed" | "failed";
      last_agent_message: string | null;
      error: TurnError | null;
    }
  | { type: "turn_aborted"; turn_id: string; reason: "interrupted" }
  | { type: "shutdown_complete" };

/** An event together with the id of the submission that caused it. */
export interface Event {
  id: string;
  msg: EventMsg;
}
