// The shape every spawn backend (pipes, node-pty, `script`) returns, so the process layer ignores which ran.

/** How the child's terminal was provided. */
export type TerminalKind = "pipes" | "node-pty" | "script";

/** What to run. `env` is complete: the child gets exactly these variables. */
export interface ChildSpec {
  argv: readonly string[];
  cwd: string;
  env: Record<string, string>;
  tty: boolean;
}

/** Called with output as it arrives, and once when the child has exited and its output is drained. */
export interface ChildHooks {
  onData: (chunk: Buffer) => void;
  /** Exit code; a signal death is reported as 128 + the signal number, like a shell does. */
  onExit: (exitCode: number) => void;
}

/** A started child: its process-group id and its stdin. */
export interface RunningChild {
  /** Pid of the child, which leads its own process group. */
  pid: number;
  terminal: TerminalKind;
  /** Why the child did not get the terminal it asked for, if it did not. */
  note: string | null;
  /** Write to stdin; false when stdin is closed. */
  write: (data: string) => boolean;
  /** Stop holding Node's event loop open for this child (after it exited). */
  release: () => void;
}
