// Whether a path may be written under a sandbox policy, following symlinks of existing ancestors.

import { lstatSync, readlinkSync } from "node:fs";
import path from "node:path";
import type { SandboxPolicy } from "../protocol/index.js";
import { canonical } from "./resolve-sandbox-policy.js";

/** `target` is `root` or inside it (lexically, after normalisation). */
export function isWithin(root: string, target: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(target));
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The real location a write to `target` would land on: symlinks among its existing ancestors (and
 * the target itself, dangling links included) are resolved, so a link inside a writable root that
 * points outside does not count as inside.
 */
export function realTarget(target: string, depth = 0): string {
  const abs = path.resolve(target);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    const st = lstatSync(cur, { throwIfNoEntry: false });
    if (st?.isSymbolicLink() && depth < 40) {
      const resolved = canonical(cur);
      // A dangling link: follow its text by hand.
      const next = resolved !== cur ? resolved : realTarget(path.resolve(path.dirname(cur), readlinkSync(cur)), depth + 1);
      return path.join(next, ...rest);
    }
    if (st) return path.join(canonical(cur), ...rest);
    const parent = path.dirname(cur);
    if (parent === cur) return abs;
    rest.unshift(path.basename(cur));
    cur = parent;
  }
}

/** Whether the policy lets `target` be written. */
export function isWritable(policy: SandboxPolicy, target: string): boolean {
  if (policy.mode === "danger-full-access") return true;
  if (policy.mode === "read-only") return false;
  let real: string;
  try {
    real = realTarget(target);
  } catch {
    // The path changed while it was being resolved (a link swapped under us): not provably inside.
    return false;
  }
  if (!policy.writableRoots.some((root) => isWithin(root, real))) return false;
  return !policy.readOnlySubpaths.some((sub) => isWithin(sub, real));
}
