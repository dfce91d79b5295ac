// The rollout recorder that appends to a file: lazy creation, ordered whole-line writes, fsync on flush.

import type { FileHandle } from "node:fs/promises";
import path from "node:path";
import { InternalError, SessionError, castToError } from "../errors.js";
import type { RolloutItem, RolloutRecorder } from "../protocol/index.js";
import { appendWhole, openForAppend } from "./append-file.js";
import { formatRolloutLine } from "./rollout-line.js";
import { rolloutPath } from "./rollout-path.js";

/** Wall-clock time for line timestamps and the file name. */
export interface RolloutClock {
  now(): Date;
}

/** A recorder backed by a file; the composition root closes it when the run ends. */
export interface FileRolloutRecorder extends RolloutRecorder {
  readonly path: string;
  /** Wait for pending writes, fsync and close the file; later records reject. */
  close(): Promise<void>;
}

/** A recorder for a new thread; the file (and its folders) appear on the first record. */
export function createRolloutRecorder(opts: { codexHome: string; threadId: string; clock: RolloutClock }): FileRolloutRecorder {
  const file = rolloutPath(opts.codexHome, opts.threadId, opts.clock.now());
  return new AppendingRecorder(file, opts.clock, false);
}

/** A recorder that continues an existing rollout (resume); a torn last line is terminated first. */
export function openRolloutForAppend(file: string, clock: RolloutClock): FileRolloutRecorder {
  return new AppendingRecorder(path.resolve(file), clock, true);
}

class AppendingRecorder implements FileRolloutRecorder {
  private handle: FileHandle | null = null;
  /** Every operation runs after the previous one, so lines land in record() order. */
  private tail: Promise<void> = Promise.resolve();
  /** The first write failure; sticky, because a rollout with a hole would rebuild a wrong history. */
  private failure: SessionError | null = null;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly clock: RolloutClock,
    private readonly repairTornTail: boolean,
  ) {}

  record(items: readonly RolloutItem[]): Promise<void> {
    if (this.closed) return Promise.reject(new InternalError(`rollout ${this.path} recorded after close`));
    if (items.length === 0) return this.enqueue(async () => {});
    // Stamp and serialise now: the timestamp is when it happened, and later mutation of `items` cannot leak in.
    const at = this.clock.now();
    const text = items.map((item) => `${formatRolloutLine(item, at)}\n`).join("");
    const bytes = Buffer.from(text, "utf8");
    return this.enqueue(async () => appendWhole(await this.open(), bytes));
  }

  flush(): Promise<void> {
    return this.enqueue(async () => {
      await this.handle?.sync();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return this.tail;
    this.closed = true;
    const done = this.tail.then(async () => {
      const handle = this.handle;
      this.handle = null;
      if (!handle) return;
      try {
        if (!this.failure) await handle.sync();
      } finally {
        await handle.close();
      }
    });
    this.tail = done.catch(() => {});
    return done.catch((err: unknown) => {
      throw this.writeError("close", err);
    });
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.tail.then(async () => {
      if (this.failure) throw this.failure;
      try {
        await op();
      } catch (err) {
        this.failure = this.writeError("write", err);
        throw this.failure;
      }
    });
    this.tail = run.catch(() => {});
    return run;
  }

  private async open(): Promise<FileHandle> {
    this.handle ??= await openForAppend(this.path, { repairTornTail: this.repairTornTail });
    return this.handle;
  }

  private writeError(what: string, err: unknown): SessionError {
    const reason = castToError(err).message;
    return new SessionError(
      "session_write_failed",
      `Error: cannot ${what} session file ${this.path}: ${reason}; check free space and permissions of ${path.dirname(this.path)}, or run with --ephemeral`,
      { cause: err },
    );
  }
}
