// Shared event builders for the renderer tests.

import type { EventMsg, SessionConfiguredEvent, TokenUsage } from "../../../src/protocol/index.js";

export const SESSION_ID = "01a1fe74-4539-7ec0-b97f-c4e26de07916";

export function configured(over: Partial<SessionConfiguredEvent> = {}): SessionConfiguredEvent {
  return {
    type: "session_configured",
    session_id: SESSION_ID,
    model: "gpt-5.5",
    model_provider_id: "mock",
    approval_policy: "never",
    sandbox_mode: "read-only",
    sandbox_summary: "read-only",
    cwd: "/home/me/proj",
    reasoning_effort: null,
    reasoning_summary: null,
    responses_wire: true,
    rollout_path: null,
    ...over,
  };
}

export function usage(input: number, cached: number, output: number, reasoning = 0): TokenUsage {
  return {
    input_tokens: input,
    cached_input_tokens: cached,
    cache_write_input_tokens: 0,
    output_tokens: output,
    reasoning_output_tokens: reasoning,
  };
}

export const ev = {
  started: (turn = "1"): EventMsg => ({ type: "task_started", turn_id: turn }),
  message: (message: string, id = "msg_1"): EventMsg => ({ type: "agent_message", item_id: id, message }),
  reasoning: (text: string, id = "rs_1"): EventMsg => ({ type: "agent_reasoning", item_id: id, text }),
  warning: (message: string): EventMsg => ({ type: "warning", message }),
  streamError: (message: string, details: string): EventMsg => ({ type: "stream_error", message, details }),
  tokens: (total: TokenUsage, last: TokenUsage = total): EventMsg => ({ type: "token_count", total, last }),
  completed: (last: string | null = null, turn = "1"): EventMsg => ({
    type: "task_complete",
    turn_id: turn,
    status: "completed",
    last_agent_message: last,
    error: null,
    response_ids: ["resp_1"],
  }),
  failed: (message: string, code: "rate_limit" | "auth" | "server" | "stream", turn = "1"): EventMsg => ({
    type: "task_complete",
    turn_id: turn,
    status: "failed",
    last_agent_message: null,
    response_ids: [],
    error: { message, code },
  }),
  error: (message: string, code: "rate_limit" | "auth" | "server" | "stream"): EventMsg => ({
    type: "error",
    error: { message, code },
  }),
  execBegin: (callId: string, command: string): EventMsg => ({ type: "exec_command_begin", call_id: callId, command, cwd: "/home/me/proj" }),
  execProgress: (callId: string, elapsedMs: number, lastLine: string | null): EventMsg => ({
    type: "exec_command_progress",
    call_id: callId,
    elapsed_ms: elapsedMs,
    last_line: lastLine,
  }),
  execEnd: (callId: string, command: string, output: string, exitCode = 0): EventMsg => ({
    type: "exec_command_end",
    call_id: callId,
    command,
    cwd: "/home/me/proj",
    aggregated_output: output,
    exit_code: exitCode,
    duration_ms: 12,
    status: exitCode === 0 ? "completed" : "failed",
  }),
  diff: (unified: string): EventMsg => ({ type: "turn_diff", unified_diff: unified }),
  aborted: (turn = "1"): EventMsg => ({ type: "turn_aborted", turn_id: turn, reason: "interrupted" }),
  shutdown: (): EventMsg => ({ type: "shutdown_complete" }),
};
