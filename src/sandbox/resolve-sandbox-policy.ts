// Computes the sandbox policy of a run: writable roots, protected subpaths, network (spec core §6.1).

import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { SandboxMode, SandboxPolicy } from "../protocol/index.js";

export interface WorkspaceWriteSettings {
  writableRoots: readonly string[];
  networkAccess: boolean;
  excludeTmpdirEnvVar: boolean;
  excludeSlashTmp: boolean;
}

export interface SandboxPolicyInput {
  mode: SandboxMode;
  cwd: string;
  /** `--add-dir` directories. */
  addDirs: readonly string[];
  workspaceWrite: WorkspaceWriteSettings;
  /** $TMPDIR as the environment sets it (undefined when unset). */
  tmpdirEnv: string | undefined;
}

const PROTECTED_NAMES = [".git", ".codex", ".agents"];

/** Resolve the policy; roots are canonical (symlinks resolved) so checks and bind mounts agree. */
export function resolveSandboxPolicy(input: SandboxPolicyInput): SandboxPolicy {
  if (input.mode === "danger-full-access") {
    return { mode: input.mode, writableRoots: [], readOnlySubpaths: [], networkAccess: true };
  }
  if (input.mode === "read-only") {
    return { mode: input.mode, writableRoots: [], readOnlySubpaths: [], networkAccess: false };
  }
  const ww = input.workspaceWrite;
  const candidates = [input.cwd, ...input.addDirs, ...ww.writableRoots];
  if (!ww.excludeSlashTmp) candidates.push("/tmp");
  if (!ww.excludeTmpdirEnvVar && input.tmpdirEnv) candidates.push(input.tmpdirEnv);
  const roots: string[] = [];
  for (const c of candidates) {
    const abs = canonical(path.resolve(input.cwd, c));
    if (existsSync(abs) && !roots.includes(abs)) roots.push(abs);
  }
  const cwdRoot = canonical(input.cwd);
  const readOnly: string[] = [];
  const protect = (p: string): void => {
    if (!readOnly.includes(p)) readOnly.push(p);
  };
  for (const root of roots) {
    for (const name of PROTECTED_NAMES) {
      const p = path.join(root, name);
      if (!existsSync(p)) continue;
      protect(p);
      // A symlinked `.git`/`.codex`: its target is what a write through it (or to it directly) reaches.
      protect(canonical(p));
    }
    const gitdir = gitdirOf(path.join(root, ".git"));
    if (gitdir) protect(gitdir);
  }
  // `.codex` in the working directory is protected even before it exists.
  const cwdCodex = path.join(cwdRoot, ".codex");
  if (!readOnly.includes(cwdCodex)) readOnly.push(cwdCodex);
  return { mode: "workspace-write", writableRoots: roots, readOnlySubpaths: readOnly, networkAccess: ww.networkAccess };
}

/** The real path of `p`, or `p` itself when it does not exist. */
export function canonical(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** For a `.git` file (worktree, submodule), the directory its `gitdir:` line points to. */
function gitdirOf(dotGit: string): string | null {
  try {
    if (!statSync(dotGit).isFile()) return null;
    const line = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"))?.[1]?.trim();
    return line ? canonical(path.resolve(path.dirname(dotGit), line)) : null;
  } catch {
    return null;
  }
}

