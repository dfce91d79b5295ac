// The Landlock helper's command line that confines one command to a sandbox policy (Linux, no namespaces).
//
// Landlock can only allow, never deny, so a writable root that holds protected paths (`.git`, `.codex`,
// `.agents`) is not granted whole: its other children are, one by one, and the protected ones are left
// out. What this costs, compared with bwrap: a command cannot create, rename or delete entries at the
// top of such a root (that right lives on the root itself), and there is no pid namespace. apply_patch
// checks the policy itself, so its own writer gets the top level too (see `extraWrites`).

import { existsSync, lstatSync, readdirSync } from "node:fs";
import path from "node:path";
import type { SandboxPolicy } from "../protocol/index.js";

/** Device files every command may write, as under bwrap's fresh /dev (`2>/dev/null`, terminals). */
const DEVICE_WRITES = ["/dev/null", "/dev/zero", "/dev/full", "/dev/tty", "/dev/ptmx", "/dev/pts"];
/** Shared memory (Python's multiprocessing, browsers) only where writing is allowed at all: it is the host's. */
const SHARED_MEMORY = "/dev/shm";

/**
 * `helper --write … [--deny-network] -- argv`. `extraWrites` are files our own code (the patch writer)
 * will create or remove after checking the policy: their nearest existing folder is granted as well.
 */
export function landlockArgv(helper: string, policy: SandboxPolicy, argv: readonly string[], extraWrites: readonly string[] = []): string[] {
  const grants = new Set<string>();
  const split = new Set<string>();
  for (const device of DEVICE_WRITES) grants.add(device);
  if (policy.mode === "workspace-write") grants.add(SHARED_MEMORY);
  for (const root of policy.writableRoots) grantAround(root, policy.readOnlySubpaths, grants, split);
  for (const file of extraWrites) {
    // Only a folder that was split (so commands can neither create nor rename entries in it) is granted
    // whole, and only to this writer: nothing can have swapped one of its entries for a symlink.
    const dir = nearestExistingDir(path.dirname(file));
    if (split.has(dir)) grants.add(dir);
  }
  const out = [helper];
  for (const g of grants) out.push("--write", g);
  if (!policy.networkAccess) out.push("--deny-network");
  out.push("--", ...argv);
  return out;
}

/**
 * Grant `dir` whole when no protected path lies inside it; otherwise each child, leaving the protected
 * ones out, and note `dir` in `split`.
 */
function grantAround(dir: string, protectedPaths: readonly string[], grants: Set<string>, split: Set<string>): void {
  if (protectedPaths.includes(dir)) return;
  // Missing ones count too: `<cwd>/.codex` is protected before it exists, so the root is never granted whole.
  const inside = protectedPaths.filter((p) => p.startsWith(`${dir}/`));
  if (inside.length === 0) {
    grants.add(dir);
    return;
  }
  split.add(dir);
  let children: string[];
  try {
    children = readdirSync(dir);
  } catch {
    return;
  }
  for (const child of children) {
    const full = path.join(dir, child);
    const kind = kindOf(full);
    // A symlink is never granted: the helper would grant whatever it points to (say, /etc).
    if (kind === "dir") grantAround(full, inside, grants, split);
    else if (kind === "other" && !inside.includes(full)) grants.add(full);
  }
}

function kindOf(p: string): "dir" | "symlink" | "other" | "missing" {
  const st = lstatSync(p, { throwIfNoEntry: false });
  if (st === undefined) return "missing";
  return st.isSymbolicLink() ? "symlink" : st.isDirectory() ? "dir" : "other";
}

function nearestExistingDir(dir: string): string {
  let cur = dir;
  while (!existsSync(cur) && path.dirname(cur) !== cur) cur = path.dirname(cur);
  return cur;
}
