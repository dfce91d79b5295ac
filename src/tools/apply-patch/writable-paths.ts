// Decides whether a patch may write its paths under the sandbox mode, before anything is written.

import path from "node:path";
import { assertNever, type SandboxMode } from "../../protocol/index.js";
import type { PlannedChange } from "./plan-patch.js";

export const READ_ONLY_REJECTION = "patch rejected: writing is blocked by read-only sandbox; rejected by user approval settings";
export const OUTSIDE_PROJECT_REJECTION = "patch rejected: writing outside of the project; rejected by user approval settings";

/** Every absolute path a plan writes or removes (move destinations included). */
export function targetPaths(changes: readonly PlannedChange[]): string[] {
  return changes.flatMap((c) => (c.kind === "update" && c.absMovePath !== null ? [c.absPath, c.absMovePath] : [c.absPath]));
}

/** Whether `target` is `root` or lies under it, comparing lexically normalised paths. */
export function isWithin(root: string, target: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(target));
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

export interface WriteAccess {
  mode: SandboxMode;
  /** All writable roots for workspace-write: cwd, configured roots, /tmp and the temp dir. */
  writableRoots: readonly string[];
}

/** The rejection text for writing `targets` under `access`, or null when the write is allowed. */
export function patchRejection(targets: readonly string[], access: WriteAccess): string | null {
  switch (access.mode) {
    case "danger-full-access":
      return null;
    case "read-only":
      return READ_ONLY_REJECTION;
    case "workspace-write":
      return targets.every((t) => access.writableRoots.some((root) => isWithin(root, t))) ? null : OUTSIDE_PROJECT_REJECTION;
    default:
      return assertNever(access.mode);
  }
}
