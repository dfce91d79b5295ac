// Creating and replacing files at paths the user named (-o, --summary-file, --record), with one-line reasons.
//
// Node's recursive mkdir loops forever where a path cannot be created but its parent claims to exist
// (procfs, sysfs), so parents are made one level at a time; a failure is an error, never a hang.

import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Why a file-system call failed, in a few words (the path is the caller's to name). */
export function fsErrorReason(err: unknown): string {
  switch ((err as { code?: unknown } | null)?.code) {
    case "ENOENT":
      return "no such file or directory";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "read-only file system";
    case "EISDIR":
      return "it is a directory";
    case "ENOSPC":
      return "no space left on the device";
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** Make `dir` and its missing parents; throws the file system's error (ENOTDIR, EACCES, …). */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ; ) {
    const st = statSync(at, { throwIfNoEntry: false });
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`not a directory: ${at}`), { code: "ENOTDIR" });
      break;
    }
    missing.push(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as { code?: unknown }).code !== "EEXIST") throw err;
    }
  }
}

/** Replace `file` in one step (temp file beside it + rename), so readers never see half of it; throws on failure. */
export function writeFileAtomic(file: string, content: string): void {
  const abs = path.resolve(file);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, abs);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The temp file could not even be made there; nothing to clean.
    }
    throw err;
  }
}
