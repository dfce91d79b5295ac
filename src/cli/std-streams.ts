// Our stdout and stderr, written so that a closed pipe or a full disk is noticed, never thrown.

/** Writes to the process's stdout/stderr; a failed stream is marked and later writes to it are dropped. */
export class StdStreams {
  stdoutFailure: string | null = null;
  stderrFailed = false;
  private readonly stdoutWatchers = new Set<() => void>();

  constructor(
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {
    // EPIPE when the reader is gone (`| head`), ENOSPC/EIO on a file: either way nobody gets more output.
    stdout.on("error", (err: NodeJS.ErrnoException) => this.failStdout(err));
    stderr.on("error", () => {
      this.stderrFailed = true;
    });
  }

  get stdoutClosed(): boolean {
    return this.stdoutFailure !== null;
  }

  writeStdout(text: string): void {
    if (this.stdoutClosed || text === "") return;
    try {
      this.stdout.write(text);
    } catch (err) {
      // A file on stdout is written synchronously, so its errors are thrown here.
      this.failStdout(err as NodeJS.ErrnoException);
    }
  }

  writeStderr(text: string): void {
    if (this.stderrFailed || text === "") return;
    try {
      this.stderr.write(text);
    } catch {
      this.stderrFailed = true;
    }
  }

  /** Calls `handler` once stdout fails; returns a function that removes it. */
  onStdoutClosed(handler: () => void): () => void {
    this.stdoutWatchers.add(handler);
    return () => this.stdoutWatchers.delete(handler);
  }

  /** Resolves once both streams took everything written so far (or failed), so a pipe reader gets every byte. */
  flush(): Promise<void> {
    const settle = (stream: NodeJS.WriteStream, failed: boolean): Promise<void> =>
      failed || stream.destroyed
        ? Promise.resolve()
        : new Promise((resolve) => {
            try {
              stream.write("", () => resolve());
            } catch {
              resolve();
            }
          });
    return Promise.all([settle(this.stdout, this.stdoutClosed), settle(this.stderr, this.stderrFailed)]).then(() => undefined);
  }

  /** Treat stdout as closed (its reader is known to be gone) without waiting for a write to fail. */
  readerGone(): void {
    this.failStdout({ name: "Error", message: "the reader of stdout exited", code: "EPIPE" });
  }

  private failStdout(err: NodeJS.ErrnoException): void {
    if (this.stdoutFailure !== null) return;
    this.stdoutFailure = err.code ?? err.message;
    for (const watcher of [...this.stdoutWatchers]) watcher();
  }
}
