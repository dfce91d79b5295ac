// A named pipe a test's command waits on (`read _ < PATH`) until the test saw what it waits for: a condition, not a clock.

import { execFileSync } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";

export interface FifoGate {
  /** The pipe's path; a shell command waits at `read _ < PATH`. */
  readonly path: string;
  /** Let one waiting command (or the next to arrive) go on. */
  open(): void;
  /** Drop the test's end: a command still waiting reads end-of-file and goes on. Idempotent. */
  close(): void;
}

/**
 * Make a FIFO at `file` (in the test's own temp dir) and hold it open read-write. On Linux that open never
 * blocks and keeps the pipe alive, so a reader arriving after `open()` still gets its line, and the test
 * never blocks on a reader that does not come. Call `close()` when the test ends.
 */
export function fifoGate(file: string): FifoGate {
  execFileSync("mkfifo", [file]);
  const fd = openSync(file, "r+");
  let closed = false;
  return {
    path: file,
    open: () => {
      writeSync(fd, "go\n");
    },
    close: () => {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
