// The renderer interface: pure mapping from session events to stdout/stderr text.

import type { EventMsg, SessionConfiguredEvent, TokenUsage } from "../protocol/index.js";

/** Text to append to each stream (empty strings mean nothing to write). */
export interface RenderOutput {
  stdout: string;
  stderr: string;
}

/** How the run ended, as the cli saw it. */
export interface RunEnd {
  status: "completed" | "failed" | "interrupted";
  finalMessage: string | null;
  /** Cumulative usage, or null when no usage was ever reported. */
  usage: TokenUsage | null;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
}

export interface EventProcessor {
  /** Once, when the session is configured: header / `thread.started`. */
  start(configured: SessionConfiguredEvent, prompt: string): RenderOutput;
  /** Every event after that. */
  process(msg: EventMsg): RenderOutput;
  /** Once, at the end of the run. */
  finish(end: RunEnd): RenderOutput;
}

export const NOTHING: RenderOutput = { stdout: "", stderr: "" };

export const toStderr = (text: string): RenderOutput => ({ stdout: "", stderr: text });
export const toStdout = (text: string): RenderOutput => ({ stdout: text, stderr: "" });
