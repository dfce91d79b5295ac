// Decides whether a patch may write its paths under the sandbox mode, before anything is written.

import { assertNever, type SandboxPolicy } from "../../protocol/index.js";
import { isWritable } from "../../sandbox/writable-path.js";
import type { PlannedChange } from "./plan-patch.js";

export const READ_ONLY_REJECTION = "patch rejected: writing is blocked by read-only sandbox; rejected by user approval settings";
export const OUTSIDE_PROJECT_REJECTION = "patch rejected: writing outside of the project; rejected by user approval settings";

/** Every absolute path a plan writes or removes (move destinations included). */
export function targetPaths(changes: readonly PlannedChange[]): string[] {
  return changes.flatMap((c) => (c.kind === "update" && c.absMovePath !== null ? [c.absPath, c.absMovePath] : [c.absPath]));
}

/** The rejection text for writing `targets` under `policy`, or null when every write is allowed. */
export function patchRejection(targets: readonly string[], policy: SandboxPolicy): string | null {
  switch (policy.mode) {
    case "danger-full-access":
      return null;
    case "read-only":
      return READ_ONLY_REJECTION;
    case "workspace-write":
      return targets.every((t) => isWritable(policy, t)) ? null : OUTSIDE_PROJECT_REJECTION;
    default:
      return assertNever(policy.mode);
  }
}
