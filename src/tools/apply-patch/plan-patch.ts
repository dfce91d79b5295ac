// Verifies a parsed patch against the file tree and computes every file's final text, writing nothing.

import path from "node:path";
import { assertNever } from "../../protocol/index.js";
import { deriveNewContent } from "./derive-new-content.js";
import { describeIoError, ioErrorText } from "./describe-io-error.js";
import type { PatchFs } from "./patch-fs.js";
import type { ParsedPatch } from "./patch-types.js";

/** One file operation of the patch, resolved: `path`/`movePath` as written, `abs*` absolute. */
export type PlannedChange =
  | { kind: "add"; path: string; absPath: string; content: string }
  | { kind: "delete"; path: string; absPath: string; content: string }
  | {
      kind: "update";
      path: string;
      absPath: string;
      movePath: string | null;
      absMovePath: string | null;
      oldContent: string;
      newContent: string;
    };

/** Everything needed to apply (and undo) a verified patch. */
export interface PatchPlan {
  /** The directory relative paths were resolved against. */
  cwd: string;
  /** One entry per hunk, in patch order. */
  changes: PlannedChange[];
  /** Final text of every touched path, or null when the path ends up removed. */
  finalState: ReadonlyMap<string, string | null>;
  /** Text of every touched path before the patch, or null when it did not exist. */
  original: ReadonlyMap<string, string | null>;
}

export type PlanResult = { ok: true; plan: PatchPlan } | { ok: false; error: string };

type Entry = { kind: "file"; content: string } | { kind: "missing" } | { kind: "dir" } | { kind: "unreadable"; message: string };

const NOT_FOUND = ioErrorText("ENOENT");
const IS_DIR = ioErrorText("EISDIR");
const NUL_IN_NAME = "file name contained an unexpected NUL byte";

/** Resolve a patch path against the working directory (absolute paths are kept, `..` is collapsed). */
export function resolvePatchPath(cwd: string, p: string): string {
  return path.resolve(cwd, p);
}

/**
 * Check the whole patch and compute the result of applying its hunks in order (later hunks see
 * earlier ones), without touching the disk. Any problem → `{ok:false}` with codex's message.
 */
export async function planPatch(patch: ParsedPatch, cwd: string, fs: PatchFs): Promise<PlanResult> {
  if (patch.hunks.length === 0) return { ok: false, error: "No files were modified." };
  const state = new Map<string, string | null>();
  const original = new Map<string, string | null>();

  /** What is at `abs` now, counting the hunks already planned. */
  const look = async (abs: string): Promise<Entry> => {
    const known = state.has(abs) ? state.get(abs) : original.get(abs);
    if (known === null) return { kind: "missing" };
    if (known !== undefined) return { kind: "file", content: known };
    if (!(await fs.exists(abs))) {
      original.set(abs, null);
      return { kind: "missing" };
    }
    if (!(await fs.isFile(abs))) return { kind: "dir" };
    try {
      const content = await fs.readFile(abs);
      original.set(abs, content);
      return { kind: "file", content };
    } catch (err) {
      return { kind: "unreadable", message: describeIoError(err) };
    }
  };

  /** Error text when `abs` cannot become a file: it is a directory, unreadable, or under a file. */
  const checkWritable = async (abs: string): Promise<string | null> => {
    const entry = await look(abs);
    if (entry.kind === "dir") return `Failed to write file ${abs}: ${IS_DIR}`;
    if (entry.kind === "unreadable") return `Failed to read ${abs}: ${entry.message}`;
    for (let dir = path.dirname(abs); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const planned = state.get(dir);
      if (planned === null) break;
      if (typeof planned === "string" || (await fs.isFile(dir))) {
        return `Failed to create parent directories for ${abs}: ${ioErrorText("ENOTDIR")}`;
      }
      if (await fs.exists(dir)) break;
    }
    return null;
  };

  const changes: PlannedChange[] = [];
  for (const hunk of patch.hunks) {
    const absPath = resolvePatchPath(cwd, hunk.path);
    // No file system takes a NUL in a name; Rust's std says it this way, so codex's model sees this text.
    const named = hunk.kind === "update" && hunk.move_path !== null ? [hunk.path, hunk.move_path] : [hunk.path];
    if (named.some((p) => p.includes("\0"))) return { ok: false, error: `Failed to write file ${absPath}: ${NUL_IN_NAME}` };
    switch (hunk.kind) {
      case "add": {
        const problem = await checkWritable(absPath);
        if (problem !== null) return { ok: false, error: problem };
        state.set(absPath, hunk.contents);
        changes.push({ kind: "add", path: hunk.path, absPath, content: hunk.contents });
        break;
      }
      case "delete": {
        const entry = await look(absPath);
        if (entry.kind !== "file") return { ok: false, error: `Failed to read ${absPath}: ${entryError(entry)}` };
        state.set(absPath, null);
        changes.push({ kind: "delete", path: hunk.path, absPath, content: entry.content });
        break;
      }
      case "update": {
        const entry = await look(absPath);
        if (entry.kind !== "file") return { ok: false, error: `Failed to read file to update ${absPath}: ${entryError(entry)}` };
        const derived = deriveNewContent(entry.content, hunk.chunks, absPath);
        if (!derived.ok) return derived;
        const absMovePath = hunk.move_path === null ? null : resolvePatchPath(cwd, hunk.move_path);
        if (absMovePath !== null && absMovePath !== absPath) {
          const problem = await checkWritable(absMovePath);
          if (problem !== null) return { ok: false, error: problem };
          state.set(absMovePath, derived.content);
          state.set(absPath, null);
        } else {
          state.set(absPath, derived.content);
        }
        changes.push({
          kind: "update",
          path: hunk.path,
          absPath,
          movePath: hunk.move_path,
          absMovePath,
          oldContent: entry.content,
          newContent: derived.content,
        });
        break;
      }
      default:
        return assertNever(hunk);
    }
  }
  return { ok: true, plan: { cwd, changes, finalState: state, original } };
}

function entryError(entry: Exclude<Entry, { kind: "file" }>): string {
  switch (entry.kind) {
    case "missing":
      return NOT_FOUND;
    case "dir":
      return IS_DIR;
    case "unreadable":
      return entry.message;
    default:
      return assertNever(entry);
  }
}
