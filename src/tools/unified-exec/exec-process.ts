// One running command: its output captures, its exit, and waiting for either with a deadline.

import type { CapturedOutput } from "./head-tail-buffer.js";
import { DEFAULT_CAPTURE_BYTES, HeadTailBuffer, scanBytes } from "./head-tail-buffer.js";
import type { KillGroup } from "./kill-process-group.js";
import type { ChildSpec, RunningChild, TerminalKind } from "./running-child.js";
import type { PtyBackend } from "./spawn-child.js";
import { spawnChild } from "./spawn-child.js";

/** Why a wait ended. */
export type WaitOutcome = "finished" | "deadline" | "aborted";

export interface ExecProcessOptions {
  captureBytes?: number;
  ptyBackend?: PtyBackend;
  killGroup: KillGroup;
  /** Called with the size of each chunk a process prints (activity, and bytes for a caller pacing memory). */
  onOutput?: (bytes: number) => void;
}

/** A child in its own process group, with bounded captures of what it printed. */
export class ExecProcess {
  /**
   * Output not yet handed to the model (drained by `takeOutput`). Null until the first drain: until
   * then it is the transcript, and one capture (not two identical ones) holds and decodes it.
   */
  private pending: HeadTailBuffer | null = null;
  /** Everything the process printed, bounded the same way (for the end event). */
  private readonly transcript: HeadTailBuffer;
  /** The transcript's last decoding, reused while nothing new arrived (a 1 MiB capture decodes to 1 MB of text). */
  private transcriptSnapshot: { bytesSeen: number; output: CapturedOutput } | null = null;
  private child: RunningChild | null = null;
  private code: number | null = null;
  private readonly finishListeners: Array<(exitCode: number) => void> = [];
  private resolveFinished: (exitCode: number) => void = () => undefined;
  /** Resolves with the exit code once the process exited and its output was drained. */
  readonly finished: Promise<number>;
  readonly startedAt = Date.now();
  lastUsed = Date.now();

  private constructor(private readonly options: ExecProcessOptions) {
    this.transcript = new HeadTailBuffer(options.captureBytes ?? DEFAULT_CAPTURE_BYTES);
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
  }

  /** Spawn `spec`; rejects when the child cannot be started. */
  static async start(spec: ChildSpec, options: ExecProcessOptions): Promise<ExecProcess> {
    const proc = new ExecProcess(options);
    proc.child = await spawnChild(
      spec,
      {
        onData: (chunk) => {
          proc.onData(chunk);
          options.onOutput?.(chunk.length);
        },
        onExit: (code) => proc.onExit(code),
      },
      options.ptyBackend ?? "auto",
    );
    return proc;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  get terminal(): TerminalKind {
    return this.child?.terminal ?? "pipes";
  }

  /** Why the process did not get the terminal it asked for, if it did not. */
  get note(): string | null {
    return this.child?.note ?? null;
  }

  /** The exit code once finished, else null. */
  get exitCode(): number | null {
    return this.code;
  }

  get isFinished(): boolean {
    return this.code !== null;
  }

  /** Bytes held by the undelivered-output capture (bounded by its capacity). */
  get pendingRetainedBytes(): number {
    return (this.pending ?? this.transcript).retainedBytes;
  }

  /** Run `listener` once the process finishes (at once if it already has). */
  onFinish(listener: (exitCode: number) => void): void {
    if (this.code !== null) listener(this.code);
    else this.finishListeners.push(listener);
  }

  /** Output since the last call, and start a fresh capture. */
  takeOutput(): CapturedOutput {
    const out = this.pending === null ? this.transcriptOutput() : this.pending.snapshot();
    this.pending = new HeadTailBuffer(this.options.captureBytes ?? DEFAULT_CAPTURE_BYTES);
    return out;
  }

  /** Everything printed so far (bounded). */
  transcriptOutput(): CapturedOutput {
    const bytesSeen = this.transcript.bytesSeen;
    if (this.transcriptSnapshot?.bytesSeen !== bytesSeen) {
      this.transcriptSnapshot = { bytesSeen, output: this.transcript.snapshot() };
    }
    return this.transcriptSnapshot.output;
  }

  /** The last `maxBytes` (or fewer) bytes it printed, decoded: enough to find its last line cheaply. */
  recentOutput(maxBytes: number): string {
    return this.transcript.lastBytes(maxBytes).toString("utf8");
  }

  /** Write to the process's stdin; false when it is closed or the process is gone. */
  write(chars: string): boolean {
    if (this.code !== null || this.child === null) return false;
    return this.child.write(chars);
  }

  /** Wait until the process finishes, `deadline` (epoch ms) passes, or `signal` aborts. */
  wait(deadline: number, signal?: AbortSignal): Promise<WaitOutcome> {
    if (this.code !== null) return Promise.resolve("finished");
    if (signal?.aborted) return Promise.resolve("aborted");
    return new Promise((resolve) => {
      const done = (outcome: WaitOutcome): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        resolve(outcome);
      };
      const onAbort = (): void => done("aborted");
      const timer = setTimeout(() => done("deadline"), Math.max(0, deadline - Date.now()));
      signal?.addEventListener("abort", onAbort, { once: true });
      void this.finished.then(() => done("finished"));
    });
  }

  /** Send `signal` to the whole process group. */
  signal(signal: NodeJS.Signals): void {
    if (this.child) this.options.killGroup(this.child.pid, signal);
  }

  /**
   * SIGTERM the group, then SIGKILL it once the leader exited or `graceMs` passed, whichever is first,
   * so members that outlive the leader (background jobs) go too.
   */
  async terminate(graceMs: number): Promise<void> {
    if (this.child === null) return;
    this.signal("SIGTERM");
    await this.wait(Date.now() + graceMs);
    this.signal("SIGKILL");
    if (this.code === null) await this.wait(Date.now() + graceMs);
  }

  private onData(chunk: Buffer): void {
    const stats = scanBytes(chunk);
    this.pending?.push(chunk, stats);
    this.transcript.push(chunk, stats);
  }

  private onExit(exitCode: number): void {
    if (this.code !== null) return;
    this.code = exitCode;
    this.child?.release();
    for (const listener of this.finishListeners.splice(0)) listener(exitCode);
    this.resolveFinished(exitCode);
  }
}
