// The text exec_command and write_stdin return to the model (spec core §4.4).

import { randomBytes } from "node:crypto";
import { approxTokensFromBytes, formatTruncatedOutput } from "../truncate.js";
import type { CapturedOutput } from "./head-tail-buffer.js";

export interface ExecOutputReport {
  chunkId: string;
  wallTimeMs: number;
  exitCode: number | null;
  sessionId: number | null;
  output: CapturedOutput;
  /** Token cap for the output (≈ 4 bytes per token); longer output is cut in the middle. */
  maxOutputTokens: number;
  /** A line to show before the output (e.g. why no pseudo-terminal was used). */
  note?: string | null;
}

/** A fresh chunk id: six hex digits. */
export function newChunkId(): string {
  return randomBytes(3).toString("hex");
}

/** `Chunk ID`, `Wall time`, exit code or session id, `Original token count`, then `Output:` and the output. */
export function formatExecOutput(r: ExecOutputReport): string {
  const lines = [`Chunk ID: ${r.chunkId}`, `Wall time: ${(r.wallTimeMs / 1000).toFixed(4)} seconds`];
  if (r.exitCode !== null) lines.push(`Process exited with code ${r.exitCode}`);
  if (r.sessionId !== null) lines.push(`Process running with session ID ${r.sessionId}`);
  lines.push(`Original token count: ${approxTokensFromBytes(r.output.totalBytes)}`);
  lines.push("Output:");
  const body = formatTruncatedOutput(r.output, { mode: "tokens", limit: r.maxOutputTokens }, r.output.totalLines);
  lines.push(r.note ? `${r.note}\n${body}` : body);
  return lines.join("\n");
}
