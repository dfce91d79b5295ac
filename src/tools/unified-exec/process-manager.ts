// The per-session registry of unified-exec processes: start, poll, write, prune, and kill them all.

import { randomInt } from "node:crypto";
import { stat } from "node:fs/promises";
import type { CapturedOutput } from "./head-tail-buffer.js";
import { ExecProcess } from "./exec-process.js";
import type { KillGroup } from "./kill-process-group.js";
import { killProcessGroup } from "./kill-process-group.js";
import type { PtyBackend } from "./spawn-child.js";

/** Upstream's limit on processes kept alive between calls. */
export const MAX_LIVE_PROCESSES = 64;
const SESSION_ID_MIN = 1000;
const SESSION_ID_MAX = 100_000;
const DEFAULT_KILL_GRACE_MS = 500;
// An interrupted call waits this long for its killed process to exit, so the end event can still say how.
const ABORT_WAIT_MS = 250;

export interface ProcessManagerOptions {
  /** Processes kept between calls before the least recently used is pruned (default 64). */
  maxProcesses?: number;
  /** Bytes of output each capture keeps (default 1 MiB, half head, half tail). */
  captureBytes?: number;
  /** Time between SIGTERM and SIGKILL (default 500 ms). */
  killGraceMs?: number;
  ptyBackend?: PtyBackend;
  killGroup?: KillGroup;
  /** Called with the size of each chunk any process prints (activity for an idle watchdog; bytes for memory pacing). */
  onOutput?: (bytes: number) => void;
}

/** What to run and how long to wait for it. */
export interface StartRequest {
  argv: readonly string[];
  cwd: string;
  env: Record<string, string>;
  tty: boolean;
  yieldMs: number;
  signal: AbortSignal;
  /** Called once the process is running. */
  onStart?: (proc: ExecProcess) => void;
  /** Called once when the process finishes, whether during this call or later. */
  onFinish?: (proc: ExecProcess, exitCode: number) => void;
}

/** The result of one exec or write: output since the last read, and exit code or session id. */
export type ExecResponse =
  | {
      kind: "output";
      output: CapturedOutput;
      /** Set when the process finished. */
      exitCode: number | null;
      /** Set when the process is still running. */
      sessionId: number | null;
      wallTimeMs: number;
      note: string | null;
    }
  | { kind: "spawn_failed"; message: string }
  | { kind: "unknown_session"; sessionId: number }
  | { kind: "stdin_closed"; sessionId: number };

/** Owns every process one session started; `terminateAll` must run when the session ends. */
export class ProcessManager {
  private readonly sessions = new Map<number, ExecProcess>();
  private readonly live = new Set<ExecProcess>();
  private readonly maxProcesses: number;
  private readonly killGraceMs: number;
  private readonly killGroup: KillGroup;

  constructor(private readonly options: ProcessManagerOptions = {}) {
    this.maxProcesses = Math.max(1, options.maxProcesses ?? MAX_LIVE_PROCESSES);
    this.killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    this.killGroup = options.killGroup ?? killProcessGroup;
  }

  /** Session ids of processes kept between calls. */
  sessionIds(): number[] {
    return [...this.sessions.keys()];
  }

  /** Processes that have not finished (kept or still inside a call). */
  get liveCount(): number {
    return this.live.size;
  }

  /** Start a command and wait for it to finish or for `yieldMs`; a process still running gets a session id. */
  async exec(req: StartRequest): Promise<ExecResponse> {
    const started = Date.now();
    if (req.signal.aborted) return { kind: "spawn_failed", message: "interrupted before the command started" };
    const cwdProblem = await checkDirectory(req.cwd);
    if (cwdProblem) return { kind: "spawn_failed", message: cwdProblem };
    let proc: ExecProcess;
    try {
      proc = await ExecProcess.start(
        { argv: req.argv, cwd: req.cwd, env: req.env, tty: req.tty },
        {
          killGroup: this.killGroup,
          ...(this.options.captureBytes === undefined ? {} : { captureBytes: this.options.captureBytes }),
          ...(this.options.ptyBackend === undefined ? {} : { ptyBackend: this.options.ptyBackend }),
          ...(this.options.onOutput === undefined ? {} : { onOutput: this.options.onOutput }),
        },
      );
    } catch (err) {
      return { kind: "spawn_failed", message: err instanceof Error ? err.message : String(err) };
    }
    this.live.add(proc);
    proc.onFinish((code) => {
      this.live.delete(proc);
      req.onFinish?.(proc, code);
    });
    req.onStart?.(proc);

    const outcome = await proc.wait(started + req.yieldMs, req.signal);
    if (outcome === "aborted") {
      // The call that started it is gone: nobody could ever poll it, so it goes too.
      void proc.terminate(this.killGraceMs);
      await proc.wait(Date.now() + ABORT_WAIT_MS);
    }
    const output = proc.takeOutput();
    const sessionId = proc.isFinished ? null : this.keep(proc);
    return { kind: "output", output, exitCode: proc.exitCode, sessionId, wallTimeMs: Date.now() - started, note: proc.note };
  }

  /** Write `chars` to a kept process (nothing for a poll) and collect its new output until `yieldMs`. */
  async writeStdin(sessionId: number, chars: string, yieldMs: number, signal: AbortSignal): Promise<ExecResponse> {
    const proc = this.sessions.get(sessionId);
    if (!proc) return { kind: "unknown_session", sessionId };
    const started = Date.now();
    proc.lastUsed = started;
    if (chars !== "" && !proc.write(chars)) return { kind: "stdin_closed", sessionId };
    // An interrupted poll just stops waiting: the process belongs to the earlier call that started it.
    await proc.wait(started + yieldMs, signal);
    const output = proc.takeOutput();
    if (proc.isFinished) this.sessions.delete(sessionId);
    return {
      kind: "output",
      output,
      exitCode: proc.exitCode,
      sessionId: proc.isFinished ? null : sessionId,
      wallTimeMs: Date.now() - started,
      note: null,
    };
  }

  /** Kill every unfinished process group (SIGTERM, then SIGKILL after the grace period) and forget all sessions. */
  async terminateAll(): Promise<void> {
    const procs = [...this.live];
    this.sessions.clear();
    await Promise.all(procs.map((p) => p.terminate(this.killGraceMs)));
  }

  /** Register a still-running process under a fresh session id, pruning the least recently used if full. */
  private keep(proc: ExecProcess): number {
    while (this.sessions.size >= this.maxProcesses) this.pruneOne();
    let id = randomInt(SESSION_ID_MIN, SESSION_ID_MAX);
    while (this.sessions.has(id)) id = randomInt(SESSION_ID_MIN, SESSION_ID_MAX);
    this.sessions.set(id, proc);
    return id;
  }

  /** Drop one kept process: the least recently used finished one, else the least recently used. */
  private pruneOne(): void {
    const entries = [...this.sessions.entries()].sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
    const victim = entries.find(([, p]) => p.isFinished) ?? entries[0];
    if (!victim) return;
    const [id, proc] = victim;
    this.sessions.delete(id);
    if (!proc.isFinished) void proc.terminate(this.killGraceMs);
  }
}

/** Why `dir` cannot be a working directory, or null when it can. */
async function checkDirectory(dir: string): Promise<string | null> {
  try {
    const s = await stat(dir);
    return s.isDirectory() ? null : `working directory ${dir} is not a directory`;
  } catch {
    return `working directory ${dir} does not exist`;
  }
}
