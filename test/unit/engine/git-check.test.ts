// The git check walks up from cwd looking for `.git` (a file, or a directory with HEAD).

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isInsideGitRepo } from "../../../src/engine/git-check.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "codex-exec-git-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

// os.tmpdir() is assumed not to be inside a git work tree; the "none" cases depend on it.
describe("isInsideGitRepo", () => {
  it("no .git anywhere → false", async () => {
    await mkdir(path.join(root, "a", "b"), { recursive: true });
    expect(isInsideGitRepo(path.join(root, "a", "b"))).toBe(false);
  });

  it(".git directory with HEAD → true, from the root and from a subdirectory", async () => {
    await mkdir(path.join(root, ".git"));
    await writeFile(path.join(root, ".git", "HEAD"), "ref: refs/heads/main\n");
    await mkdir(path.join(root, "src", "deep"), { recursive: true });
    expect(isInsideGitRepo(root)).toBe(true);
    expect(isInsideGitRepo(path.join(root, "src", "deep"))).toBe(true);
  });

  it(".git directory without HEAD → false", async () => {
    await mkdir(path.join(root, ".git"));
    expect(isInsideGitRepo(root)).toBe(false);
  });

  it(".git file (worktree / submodule) → true", async () => {
    await mkdir(path.join(root, "wt", "sub"), { recursive: true });
    await writeFile(path.join(root, "wt", ".git"), "gitdir: /elsewhere/.git/worktrees/wt\n");
    expect(isInsideGitRepo(path.join(root, "wt", "sub"))).toBe(true);
    expect(isInsideGitRepo(root)).toBe(false);
  });

  it("cwd that is a file starts from its parent", async () => {
    await mkdir(path.join(root, ".git"));
    await writeFile(path.join(root, ".git", "HEAD"), "x");
    await writeFile(path.join(root, "file.txt"), "x");
    expect(isInsideGitRepo(path.join(root, "file.txt"))).toBe(true);
  });

  it("relative paths are resolved", async () => {
    await mkdir(path.join(root, ".git"));
    await writeFile(path.join(root, ".git", "HEAD"), "x");
    expect(isInsideGitRepo(path.relative(process.cwd(), root))).toBe(true);
  });
});
