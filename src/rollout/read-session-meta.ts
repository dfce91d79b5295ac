// Read just the first line of a rollout (its session_meta), without loading the rest of the file.

import { open } from "node:fs/promises";
import type { SessionMeta } from "../protocol/index.js";
import { parseRolloutLine } from "./rollout-line.js";

const CHUNK = 64 * 1024;
/** session_meta carries the base instructions (tens of KiB); anything past this is not a rollout. */
const MAX_FIRST_LINE = 8 * 1024 * 1024;

/** The session meta of `file`; null when the first line is missing, too long or not a session_meta. Fs errors propagate. */
export async function readSessionMeta(file: string): Promise<SessionMeta | null> {
  const first = await readFirstLine(file);
  if (first === null) return null;
  const line = parseRolloutLine(first);
  return line?.type === "session_meta" ? line.payload : null;
}

/** The first line of `file` without its newline (the whole file if it has none); null past MAX_FIRST_LINE. */
async function readFirstLine(file: string): Promise<string | null> {
  const handle = await open(file, "r");
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < MAX_FIRST_LINE) {
      const buf = Buffer.alloc(CHUNK);
      const { bytesRead } = await handle.read(buf, 0, CHUNK, total);
      if (bytesRead === 0) break;
      const end = buf.subarray(0, bytesRead).indexOf(0x0a);
      if (end >= 0) {
        chunks.push(buf.subarray(0, end));
        return Buffer.concat(chunks).toString("utf8");
      }
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
    }
    return total < MAX_FIRST_LINE ? Buffer.concat(chunks).toString("utf8") : null;
  } finally {
    await handle.close();
  }
}
