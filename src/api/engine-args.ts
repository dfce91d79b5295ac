// What the engine needs to start a run: the command and the options that shape the session.

/** What to run: a new thread, or a turn on a stored one. */
export type ExecCommand =
  | { kind: "exec" }
  | { kind: "resume"; sessionId: string | undefined; last: boolean; all: boolean }
  | { kind: "fork"; sessionId: string }
  | { kind: "review"; target: ReviewTargetArg };

/** The review target flags; a prompt without flags is custom review instructions. */
export type ReviewTargetArg =
  | { type: "uncommitted" }
  | { type: "base"; branch: string }
  | { type: "commit"; sha: string; title: string | undefined }
  | { type: "custom" };

