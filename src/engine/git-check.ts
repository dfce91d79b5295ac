// The git check: refuse to run outside a git work tree unless told to skip it.

import { statSync } from "node:fs";
import path from "node:path";
import { StartupError } from "../errors.js";

/** True when `dir` or an ancestor has `.git` as a file, or as a directory containing HEAD. */
export function isInsideGitRepo(dir: string): boolean {
  let cur = path.resolve(dir);
  try {
    if (!statSync(cur).isDirectory()) cur = path.dirname(cur);
  } catch {
    // A missing cwd is reported elsewhere; walk up from it anyway.
  }
  for (;;) {
    const dotGit = path.join(cur, ".git");
    const st = statSync(dotGit, { throwIfNoEntry: false });
    if (st?.isFile()) return true;
    if (st?.isDirectory() && statSync(path.join(dotGit, "HEAD"), { throwIfNoEntry: false })) return true;
    const parent = path.dirname(cur);
    if (parent === cur) return false;
    cur = parent;
  }
}

export const NOT_A_GIT_REPO_MESSAGE = "Not inside a trusted directory and --skip-git-repo-check was not specified.";

/**
 * The workspace check a run makes once, before its session: a git work tree, unless `--skip-git-repo-check`
 * (or the bypass flag, as in codex). The CLI calls it where codex orders it among its errors.
 */
export function checkWorkspace(args: { skipGitRepoCheck: boolean; bypassSandbox: boolean }, cwd: string): void {
  if (!args.skipGitRepoCheck && !args.bypassSandbox && !isInsideGitRepo(cwd)) {
    throw new StartupError("not_a_git_repo", NOT_A_GIT_REPO_MESSAGE);
  }
}
