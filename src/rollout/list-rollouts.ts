// Enumerate the rollout files under $CODEX_HOME/sessions from their names alone (no file is opened).

import { readdir } from "node:fs/promises";
import path from "node:path";
import { parseRolloutFileName, sessionsDir } from "./rollout-path.js";

/** A rollout file as its name describes it. */
export interface RolloutFileRef {
  path: string;
  /** `YYYY-MM-DDThh-mm-ss` (local), sortable as text. */
  stamp: string;
  /** Lower-case thread id. */
  threadId: string;
}

/** Every `rollout-*.jsonl` below the sessions folder (any depth; a missing folder is an empty list). */
export async function listRollouts(codexHome: string): Promise<RolloutFileRef[]> {
  const out: RolloutFileRef[] = [];
  await walk(sessionsDir(codexHome), out);
  return out;
}

async function walk(dir: string, out: RolloutFileRef[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    // A folder that vanished or cannot be listed holds no session we could resume.
    if (isFsError(err, "ENOENT") || isFsError(err, "ENOTDIR") || isFsError(err, "EACCES")) return;
    throw err;
  }
  const subdirs: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) subdirs.push(full);
    else if (e.isFile()) {
      const parsed = parseRolloutFileName(e.name);
      if (parsed) out.push({ path: full, ...parsed });
    }
  }
  await Promise.all(subdirs.map((d) => walk(d, out)));
}

/** Whether `err` is a Node fs error with this code. */
export function isFsError(err: unknown, code: string): boolean {
  return err instanceof Error && "code" in err && err.code === code;
}
