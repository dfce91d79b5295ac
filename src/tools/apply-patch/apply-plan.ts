// Writes a verified PatchPlan to disk: removals first, then writes; on a failure, restores what it touched.

import { describeIoError } from "./describe-io-error.js";
import type { PatchFs } from "./patch-fs.js";
import type { PatchPlan } from "./plan-patch.js";

export type ApplyResult = { ok: true } | { ok: false; error: string; rolledBack: boolean };

/**
 * Apply the plan. Removals go first so a patch may replace a file with a directory of the same name;
 * a failed step undoes the steps before it (file contents only; created directories stay).
 */
export async function applyPlan(plan: PatchPlan, fs: PatchFs): Promise<ApplyResult> {
  const moveSources = new Set(plan.changes.flatMap((c) => (c.kind === "update" && c.absMovePath !== null ? [c.absPath] : [])));
  const removals = [...plan.finalState].filter(([p, next]) => next === null && typeof plan.original.get(p) === "string").map(([p]) => p);
  const writes = [...plan.finalState].flatMap(([p, next]) => (next === null ? [] : [[p, next] as const]));
  const touched: string[] = [];

  let failure: string | null = null;
  for (const p of removals) {
    try {
      await fs.remove(p);
      touched.push(p);
    } catch (err) {
      failure = `${moveSources.has(p) ? "Failed to remove original" : "Failed to delete file"} ${p}: ${describeIoError(err)}`;
      break;
    }
  }
  for (const [p, content] of failure === null ? writes : []) {
    // Recorded before writing: a write that fails half-way must be undone too.
    touched.push(p);
    try {
      await fs.writeFile(p, content);
    } catch (err) {
      failure = `Failed to write file ${p}: ${describeIoError(err)}`;
      break;
    }
  }
  if (failure === null) return { ok: true };
  return { ok: false, error: failure, rolledBack: await restore(plan, touched, fs) };
}

/** Put every touched path back to its original state; false if any restore step failed. */
async function restore(plan: PatchPlan, touched: readonly string[], fs: PatchFs): Promise<boolean> {
  let clean = true;
  for (const p of [...touched].reverse()) {
    const before = plan.original.get(p);
    try {
      if (typeof before === "string") await fs.writeFile(p, before);
      else if (await fs.exists(p)) await fs.remove(p);
    } catch {
      clean = false;
    }
  }
  return clean;
}
