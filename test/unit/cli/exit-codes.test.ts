// The one exit-code table, row by row, as README "Exit codes" documents it.

import { describe, expect, it } from "vitest";
import { exitCodeOf, type Ending } from "../../../src/cli/exit-codes.js";
import { ConfigError, StartupError, UsageError } from "../../../src/errors.js";

describe("exitCodeOf", () => {
  it.each<[Ending, number]>([
    [{ kind: "completed" }, 0],
    [{ kind: "turn_failed", code: "rate_limit" }, 1],
    [{ kind: "error", error: new StartupError("not_a_git_repo", "x") }, 1],
    [{ kind: "error", error: new ConfigError("config_invalid", "x") }, 1],
    [{ kind: "error", error: new Error("a bug") }, 1],
    [{ kind: "error", error: new UsageError("usage_invalid_flag", "x") }, 2],
    [{ kind: "turn_failed", code: "budget" }, 3],
    [{ kind: "gate", gate: "tool_error" }, 4],
    [{ kind: "gate", gate: "review_findings" }, 5],
    [{ kind: "turn_failed", code: "timeout" }, 124],
    [{ kind: "turn_failed", code: "idle" }, 124],
    [{ kind: "stopped", by: "SIGHUP" }, 129],
    [{ kind: "stopped", by: "SIGINT" }, 130],
    [{ kind: "stopped", by: "stdout_closed" }, 141],
    [{ kind: "stopped", by: "SIGTERM" }, 143],
    [{ kind: "doctor_failed" }, 1],
    [{ kind: "passthrough", code: 7 }, 7],
  ])("%o → %i", (ending, code) => {
    expect(exitCodeOf(ending)).toBe(code);
  });
});
