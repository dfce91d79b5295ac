// The one exit-code table: every way a CLI run ends, and the code the process exits with (README "Exit codes").

import { assertNever } from "../protocol/index.js";
import { UsageError } from "../errors.js";
import type { StopReason } from "./stop-reason.js";

/** How a run ended, as far as the exit code cares. */
export type Ending =
  | { kind: "completed" }
  /** The turn completed, but an opt-in gate failed it: `--fail-on-tool-error`, `review --fail-on-findings`. */
  | { kind: "gate"; gate: "tool_error" | "review_findings" }
  /** The turn failed; `code` is the turn error code (`budget`, `timeout`, `idle`, `auth`, …). */
  | { kind: "turn_failed"; code: string }
  | { kind: "stopped"; by: StopReason }
  /** Thrown before or around the turn: usage, config, startup, I/O. */
  | { kind: "error"; error: unknown }
  /** `codex-exec doctor` found that a run would not work. */
  | { kind: "doctor_failed" }
  /** `codex-exec sandbox`: the command's own exit code. */
  | { kind: "passthrough"; code: number };

/** Shell convention for signals, 128 + the signal's number; a closed stdout is SIGPIPE's 141. */
const STOPPED: Record<StopReason, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143, stdout_closed: 141 };

export function exitCodeOf(ending: Ending): number {
  switch (ending.kind) {
    case "completed":
      return 0;
    case "gate":
      return ending.gate === "tool_error" ? 4 : 5;
    case "turn_failed":
      return ending.code === "budget" ? 3 : ending.code === "timeout" || ending.code === "idle" ? 124 : 1;
    case "stopped":
      return STOPPED[ending.by];
    case "error":
      return ending.error instanceof UsageError ? 2 : 1;
    case "doctor_failed":
      return 1;
    case "passthrough":
      return ending.code;
    default:
      return assertNever(ending);
  }
}
