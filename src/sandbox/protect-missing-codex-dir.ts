// Gives a missing `.codex` in the working directory something to mount read-only, for the run's length.
//
// The policy protects `<cwd>/.codex` even before it exists (codex reads a project's `.codex/config.toml`,
// so a command writing one could change what a later codex run does). bubblewrap can only re-bind an
// existing path, and masking a missing one makes it create a mount point in the user's repository. So
// the run creates the empty folder itself, every sandboxed command then gets it read-only, and the run
// removes it again at the end if it is still empty (git never sees an empty folder meanwhile).

import { mkdirSync, rmdirSync, statSync } from "node:fs";
import path from "node:path";
import type { SandboxPolicy } from "../protocol/index.js";
import { canonical } from "./resolve-sandbox-policy.js";

/**
 * Under workspace-write, create `<cwd>/.codex` when it is protected but missing; returns the cleanup
 * (removes it if still empty). A no-op (and a no-op cleanup) otherwise.
 */
export function protectMissingCodexDir(policy: SandboxPolicy, cwd: string): () => void {
  if (policy.mode !== "workspace-write") return () => undefined;
  const dir = path.join(canonical(cwd), ".codex");
  if (!policy.readOnlySubpaths.includes(dir) || statSync(dir, { throwIfNoEntry: false }) !== undefined) return () => undefined;
  try {
    mkdirSync(dir);
  } catch {
    // Not creatable by us: not by a command of ours either (same user, and the sandbox adds no rights).
    return () => undefined;
  }
  return () => {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty (something put there on purpose, outside the sandbox) or already gone: leave it.
    }
  };
}
