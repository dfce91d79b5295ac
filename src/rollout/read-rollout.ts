// Read a rollout file into RolloutLines in one streaming pass; damaged lines are skipped, a damaged start is an error.

import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { SessionError, castToError } from "../errors.js";
import type { RolloutLine, SessionMeta } from "../protocol/index.js";
import { parseRolloutLine } from "./rollout-line.js";

/** A parsed rollout: its session meta (the first line), every line we could read, and how many we could not. */
export interface ParsedRollout {
  meta: SessionMeta;
  /** All readable lines in file order, the session_meta line first. */
  lines: RolloutLine[];
  /** Lines skipped as not JSON or not a known item (a torn last line counts here). */
  skipped: number;
}

/**
 * Read `file`. A line that is not JSON or not a RolloutItem we model is skipped (a torn last
 * line left by a killed writer is one of those); a first line that is not a session_meta
 * means the file is not a usable rollout and throws `session_unreadable`.
 */
export async function readRollout(file: string): Promise<ParsedRollout> {
  const lines: RolloutLine[] = [];
  let skipped = 0;
  let meta: SessionMeta | null = null;
  let sawFirst = false;
  const input = createReadStream(file, { encoding: "utf8" });
  const reader = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const text of reader) {
      if (text.trim() === "") continue;
      const line = parseRolloutLine(text);
      if (!sawFirst) {
        sawFirst = true;
        if (line?.type !== "session_meta") throw unreadable(file, "its first line is not a valid session_meta record");
        meta = line.payload;
      }
      if (line) lines.push(line);
      else skipped += 1;
    }
  } catch (err) {
    if (err instanceof SessionError) throw err;
    throw unreadable(file, castToError(err).message, err);
  } finally {
    reader.close();
    input.destroy();
  }
  if (!meta) throw unreadable(file, "it is empty");
  return { meta, lines, skipped };
}

/** The error for a rollout that exists but cannot be used, naming the file and the way out. */
export function unreadable(file: string, reason: string, cause?: unknown): SessionError {
  return new SessionError(
    "session_unreadable",
    `Error: cannot read session file ${file}: ${reason}; the session cannot be resumed (start a new one, or pick another with \`resume <id>\`)`,
    cause === undefined ? {} : { cause },
  );
}
