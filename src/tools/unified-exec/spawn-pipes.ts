// Spawns a child on plain pipes, in its own process group, with stdout and stderr interleaved as they arrive.

import { spawn } from "node:child_process";
import { Socket } from "node:net";
import { constants } from "node:os";
import type { ChildHooks, RunningChild, TerminalKind } from "./running-child.js";

// After the child exits, its pipes get this long to deliver what is left; a background job holding them open
// (`server &`) must not delay the result.
const EXIT_DRAIN_MS = 100;

/** Start `argv` with piped stdio; rejects when it cannot be spawned (missing program, bad cwd). */
export function spawnPipes(
  argv: readonly string[],
  cwd: string,
  env: Record<string, string>,
  hooks: ChildHooks,
  terminal: TerminalKind = "pipes",
  note: string | null = null,
  /** False for plain commands: stdin is /dev/null, as in codex. */
  interactive = true,
): Promise<RunningChild> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.reject(new Error("empty command"));
  // A non-interactive command gets /dev/null as stdin (as in codex): one that reads stdin when it is not a
  // terminal (`rg pat` with no path) must finish at once instead of waiting for input that never comes.
  const stdinMode = interactive ? "pipe" : "ignore";
  const child = spawn(file, args, { cwd, env, detached: true, stdio: [stdinMode, "pipe", "pipe"] });
  child.stdout?.on("data", hooks.onData);
  child.stderr?.on("data", hooks.onData);
  // EPIPE when the child closed its stdin: later writes just report false.
  child.stdin?.on("error", () => undefined);

  let spawned = false;
  let stdioClosed = false;
  let drainTimer: NodeJS.Timeout | undefined;
  let reported = false;
  let exitCode = -1;
  const report = (): void => {
    if (reported || !spawned) return;
    reported = true;
    if (drainTimer !== undefined) clearTimeout(drainTimer);
    hooks.onExit(exitCode);
  };
  child.once("close", () => {
    stdioClosed = true;
    report();
  });
  child.once("exit", (code, signal) => {
    exitCode = code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : -1);
    if (!stdioClosed) drainTimer = setTimeout(report, EXIT_DRAIN_MS);
  });

  const running: RunningChild = {
    pid: child.pid ?? -1,
    terminal,
    note,
    write: (data) => {
      if (!child.stdin?.writable) return false;
      child.stdin.write(data);
      return true;
    },
    release: () => {
      child.unref();
      for (const s of [child.stdin, child.stdout, child.stderr]) if (s instanceof Socket) s.unref();
    },
  };
  return new Promise((resolve, reject) => {
    child.once("spawn", () => {
      spawned = true;
      resolve({ ...running, pid: child.pid ?? -1 });
    });
    // Before spawning this is the spawn failure; afterwards (a failed kill) there is nothing to do.
    child.on("error", (err) => {
      if (!spawned) reject(err);
    });
  });
}
