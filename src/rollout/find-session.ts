// Find the rollout to resume or fork: by thread id or file path, or the newest one for a cwd (`--last`).

import { stat } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import path from "node:path";
import { SessionError, castToError } from "../errors.js";
import type { SessionMeta } from "../protocol/index.js";
import { isFsError, listRollouts, type RolloutFileRef } from "./list-rollouts.js";
import { readSessionMeta } from "./read-session-meta.js";
import { unreadable } from "./read-rollout.js";
import { isThreadId, sessionsDir } from "./rollout-path.js";

/** A stored session: its rollout file and first line. */
export interface FoundSession {
  path: string;
  meta: SessionMeta;
}

/**
 * The session with thread id `id` (a UUID, any case), or the rollout at `id` when it is a file
 * path (relative to `cwd`); null when there is none. A matching file whose first line is not a
 * session_meta for that id throws `session_unreadable`.
 */
export async function findSessionById(opts: { codexHome: string; id: string; cwd: string }): Promise<FoundSession | null> {
  if (!isThreadId(opts.id)) return findSessionByPath(path.resolve(opts.cwd, opts.id));
  const id = opts.id.toLowerCase();
  const candidates = newestFirst((await listRollouts(opts.codexHome)).filter((r) => r.threadId === id));
  for (const ref of candidates) {
    const meta = await metaOrThrow(ref.path);
    if (meta.id.toLowerCase() === id) return { path: ref.path, meta };
  }
  if (candidates[0]) throw unreadable(candidates[0].path, `its session_meta is not for thread ${opts.id}`);
  return null;
}

/**
 * The most recently updated session (file modification time, then start time) whose latest cwd
 * (the last turn_context's, else the session_meta's) is `cwd`; any cwd with `all`. Damaged
 * rollouts are passed over.
 */
export async function findLatestSession(opts: { codexHome: string; cwd: string; all?: boolean }): Promise<FoundSession | null> {
  const refs = await withMtimes(await listRollouts(opts.codexHome));
  // Newest activity first, as codex orders by last update: a session resumed a minute ago beats one started later.
  refs.sort((a, b) => b.mtimeMs - a.mtimeMs || compareDesc(a.stamp, b.stamp) || compareDesc(a.path, b.path));
  const want = path.resolve(opts.cwd);
  for (const ref of refs) {
    if (opts.all) {
      const meta = await readSessionMeta(ref.path).catch(() => null);
      if (meta) return { path: ref.path, meta };
      continue;
    }
    const found = await latestCwd(ref.path).catch(() => null);
    if (found && path.resolve(found.cwd) === want) return { path: ref.path, meta: found.meta };
  }
  return null;
}

/** The error for an id with no rollout, naming where we looked and what to do instead. */
export function sessionNotFoundError(id: string, codexHome: string): SessionError {
  const dir = sessionsDir(codexHome);
  return new SessionError(
    "session_not_found",
    `Error: no session found with id ${id} under ${dir}; list them with \`ls ${dir}\` or use \`resume --last\``,
  );
}

async function findSessionByPath(file: string): Promise<FoundSession | null> {
  try {
    if (!(await stat(file)).isFile()) return null;
  } catch (err) {
    if (isFsError(err, "ENOENT") || isFsError(err, "ENOTDIR")) return null;
    throw unreadable(file, castToError(err).message, err);
  }
  return { path: file, meta: await metaOrThrow(file) };
}

async function metaOrThrow(file: string): Promise<SessionMeta> {
  let meta: SessionMeta | null;
  try {
    meta = await readSessionMeta(file);
  } catch (err) {
    throw unreadable(file, castToError(err).message, err);
  }
  if (!meta) throw unreadable(file, "its first line is not a valid session_meta record");
  return meta;
}

/** Newest start stamp first; ids are unique, so ties are copies and any order will do. */
function newestFirst(refs: RolloutFileRef[]): RolloutFileRef[] {
  return [...refs].sort((a, b) => compareDesc(a.stamp, b.stamp) || compareDesc(a.path, b.path));
}

/** Each file's modification time: when its thread was last updated. */
async function withMtimes(refs: RolloutFileRef[]): Promise<Array<RolloutFileRef & { mtimeMs: number }>> {
  return Promise.all(refs.map(async (r) => ({ ...r, mtimeMs: await stat(r.path).then((s) => s.mtimeMs, () => 0) })));
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/** Session meta plus the cwd of the last turn_context (else the meta's), in one streaming pass. */
async function latestCwd(file: string): Promise<{ meta: SessionMeta; cwd: string } | null> {
  const meta = await readSessionMeta(file);
  if (!meta) return null;
  let cwd = meta.cwd;
  const input = createReadStream(file, { encoding: "utf8" });
  const reader = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const text of reader) {
      // Cheap pre-filter: only turn_context lines are parsed.
      if (!text.includes('"turn_context"')) continue;
      const c = turnContextCwd(text);
      if (c !== null) cwd = c;
    }
  } finally {
    reader.close();
    input.destroy();
  }
  return { meta, cwd };
}

function turnContextCwd(text: string): string | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null || !("type" in raw) || raw.type !== "turn_context") return null;
  if (!("payload" in raw) || typeof raw.payload !== "object" || raw.payload === null) return null;
  return "cwd" in raw.payload && typeof raw.payload.cwd === "string" ? raw.payload.cwd : null;
}
