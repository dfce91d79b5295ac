// Where rollout files live: `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl` (local time).

import path from "node:path";

/** The folder holding every rollout under a CODEX_HOME. */
export function sessionsDir(codexHome: string): string {
  return path.join(codexHome, "sessions");
}

/** The rollout path of a thread started at `startedAt` (local date for folders and name). */
export function rolloutPath(codexHome: string, threadId: string, startedAt: Date): string {
  const yyyy = String(startedAt.getFullYear()).padStart(4, "0");
  const mm = pad(startedAt.getMonth() + 1);
  const dd = pad(startedAt.getDate());
  const stamp = `${yyyy}-${mm}-${dd}T${pad(startedAt.getHours())}-${pad(startedAt.getMinutes())}-${pad(startedAt.getSeconds())}`;
  return path.join(sessionsDir(codexHome), yyyy, mm, dd, `rollout-${stamp}-${threadId}.jsonl`);
}

const FILE_NAME = /^rollout-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2})-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

/** What a rollout file name says: its start stamp (sortable as text) and thread id (lower case); null if not one. */
export function parseRolloutFileName(name: string): { stamp: string; threadId: string } | null {
  const m = FILE_NAME.exec(name);
  if (!m?.[1] || !m[2]) return null;
  return { stamp: m[1], threadId: m[2].toLowerCase() };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` has the shape of a thread id (any UUID version). */
export function isThreadId(text: string): boolean {
  return UUID.test(text);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
