// Starts a child on pipes or, for `tty: true`, on a pseudo-terminal: node-pty, else util-linux `script`, else pipes.

import { platform } from "node:os";
import { findExecutable } from "../../sandbox/find-executable.js";
import type { ChildHooks, ChildSpec, RunningChild } from "./running-child.js";
import { quoteArgv } from "./shell-quote.js";
import { loadNodePty, spawnNodePty } from "./spawn-node-pty.js";
import { spawnPipes } from "./spawn-pipes.js";

/** Which pseudo-terminal providers may be tried for `tty: true`, in order (`auto`: all of them). */
export type PtyBackend = "auto" | "node-pty" | "script" | "none";

const NO_PTY_NOTE = "[tty requested, but no pseudo-terminal is available here; the command ran on pipes]";

/** Start a child as `spec` asks; rejects when it cannot be started. */
export async function spawnChild(spec: ChildSpec, hooks: ChildHooks, backend: PtyBackend = "auto"): Promise<RunningChild> {
  if (!spec.tty) return spawnPipes(spec.argv, spec.cwd, spec.env, hooks, "pipes", null, false);
  if (backend === "auto" || backend === "node-pty") {
    const pty = await loadNodePty();
    if (pty) return spawnNodePty(pty, spec.argv, spec.cwd, spec.env, hooks);
  }
  // Only util-linux script(1) takes `-qec <command> <file>`; the BSD one on macOS does not.
  if ((backend === "auto" || backend === "script") && platform() === "linux") {
    const script = findExecutable("script", spec.env["PATH"]);
    if (script) {
      // util-linux script(1) runs the line with `$SHELL -c` on a new pty; -e keeps the child's exit code.
      const argv = [script, "-qec", quoteArgv(spec.argv), "/dev/null"];
      return spawnPipes(argv, spec.cwd, spec.env, hooks, "script");
    }
  }
  return spawnPipes(spec.argv, spec.cwd, spec.env, hooks, "pipes", NO_PTY_NOTE);
}
