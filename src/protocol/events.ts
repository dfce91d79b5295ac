// Events out of a Codex session (the event queue): what happened, in order, for renderers to show.

import type { TurnError } from "./errors-info.js";
import type { ReviewOutput } from "./review.js";
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
  /** The proxy model requests go through, credentials masked (`http://user:****@proxy:3128`); absent when direct. */
  proxy?: string;
  /** What confines commands (`bwrap`, `landlock`, `seatbelt`, `unconfined`, `unavailable`); shown in the header. */
  sandbox_backend?: string;
  rollout_path: string | null;
}

/** One changed path of a patch, as shown to users (absolute path). */
export interface FileChange {
  path: string;
  kind: "add" | "delete" | "update";
  /** For a move: the destination (absolute). */
  move_path?: string;
}

export interface PlanItem {
  step: string;
  status: "pending" | "in_progress" | "completed";
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
  /** A shell command is about to run. `command` is argv joined as codex shows it (Rust shlex), e.g. `/bin/bash -lc ls`. */
  | { type: "exec_command_begin"; call_id: string; command: string; cwd: string }
  | {
      type: "exec_command_end";
      call_id: string;
      command: string;
      cwd: string;
      /** stdout and stderr interleaved as produced (bounded). */
      aggregated_output: string;
      exit_code: number | null;
      duration_ms: number;
      status: "completed" | "failed" | "declined";
    }
  /**
   * A command is still running (a heartbeat, from a timer): for the human transcript only. Internal: not in
   * the JSONL stream, not persisted. `last_line` is the last non-blank line it printed, sanitised, or null.
   */
  | { type: "exec_command_progress"; call_id: string; elapsed_ms: number; last_line: string | null }
  | { type: "patch_apply_begin"; call_id: string; changes: FileChange[] }
  | {
      type: "patch_apply_end";
      call_id: string;
      changes: FileChange[];
      status: "completed" | "failed" | "declined";
      stdout: string;
      stderr: string;
    }
  /** Cumulative unified diff (git style) of files changed by patches in this turn. */
  | { type: "turn_diff"; unified_diff: string }
  | { type: "plan_update"; explanation: string | null; plan: PlanItem[] }
  | { type: "mcp_tool_call_begin"; call_id: string; server: string; tool: string; arguments: unknown }
  | {
      type: "mcp_tool_call_end";
      call_id: string;
      server: string;
      tool: string;
      arguments: unknown;
      /** The MCP CallToolResult, or null when the call failed before one arrived. */
      result: { content: unknown[]; structured_content: unknown; _meta?: unknown } | null;
      error: string | null;
      status: "completed" | "failed";
      duration_ms: number;
    }
  /** Any tool call's outcome, as the model was told it (not shown; counted by `--fail-on-tool-error`). */
  | { type: "tool_call_end"; call_id: string; tool: string; success: boolean }
  | { type: "web_search_begin"; call_id: string }
  | { type: "web_search_end"; call_id: string; query: string; action: Record<string, unknown> & { type: string } }
  | {
      type: "task_complete";
      turn_id: string;
      status: "completed" | "failed";
      last_agent_message: string | null;
      error: TurnError | null;
      /** Ids of the model responses the turn received, in order. */
      response_ids: string[];
    }
  | { type: "turn_aborted"; turn_id: string; reason: "interrupted" }
  /** A review finished; `review` is null when the answer was not valid review JSON. */
  | { type: "review_output"; review: ReviewOutput | null; text: string }
  /** The history was replaced by a summary (auto-compaction). */
  | { type: "context_compacted" }
  | { type: "shutdown_complete" };

/** An event together with the id of the submission that caused it. */
export interface Event {
  id: string;
  msg: EventMsg;
}
