// What the engine needs to start a run: the command and the options that shape the session.


/** What to run: a new thread, or a turn on a stored one. */
export type ExecCommand =
  | { kind: "exec" }
  | { kind: "resume"; sessionId: string | undefined; last: boolean; all: boolean }
  /** `promptless`: no prompt, so the fork only copies the session (no turn, no model request, no key needed). */
  | { kind: "fork"; sessionId: string; promptless: boolean }
  | { kind: "review"; target: ReviewTargetArg };

/** The review target flags; a prompt without flags is custom review instructions. */
export type ReviewTargetArg =
  | { type: "uncommitted" }
  | { type: "base"; branch: string }
  | { type: "commit"; sha: string; title: string | undefined }
  | { type: "custom" };


/** The options of one run, as the CLI flags and the TypeScript API both express them (run-options.ts). */
export type { RunOptions as EngineArgs } from "./run-options.js";
