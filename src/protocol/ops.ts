// Submissions into a Codex session (the submission queue).

import type { ReviewRequest } from "./review.js";

/** One piece of user input for a turn. Images arrive already loaded (data URL) by the caller. */
export type UserInput = { type: "text"; text: string } | { type: "image"; image_url: string };

/** Per-turn settings the caller may override. */
export interface TurnOverrides {
  /** JSON Schema the final answer must follow (`--output-schema`), as sent (strict). */
  finalOutputJsonSchema?: unknown;
  /** Checks the final answer; may return a normalised text. Given with the schema. */
  checkFinalOutput?: FinalOutputCheck;
}

/** The verdict on a final answer: accepted (possibly normalised) or the problems to report. */
export type FinalOutputCheck = (text: string) => { ok: true; text: string } | { ok: false; problems: string };

export type Op =
  | { type: "user_turn"; items: UserInput[]; overrides?: TurnOverrides }
  | { type: "review"; request: ReviewRequest }
  /** Stop the running turn: by the user (signal), or because a run limit was hit. */
  | { type: "interrupt"; reason?: "user" | "timeout" | "idle"; message?: string }
  | { type: "shutdown" };

/** An op with the id the session assigned to it (the turn id for user turns). */
export interface Submission {
  id: string;
  op: Op;
}
