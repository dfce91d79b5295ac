// isWithin / realTarget / isWritable: the in-process write check apply_patch uses, on a real temp tree.

import { mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FULL_ACCESS, type SandboxPolicy } from "../../../src/protocol/index.js";
import { resolveSandboxPolicy } from "../../../src/sandbox/resolve-sandbox-policy.js";
import { isWithin, isWritable, realTarget } from "../../../src/sandbox/writable-path.js";
import { makeTree, settings, type Tree } from "./support.js";

let tree: Tree;
let policy: SandboxPolicy;
beforeEach(() => {
  tree = makeTree("writable-");
  policy = resolveSandboxPolicy({ mode: "workspace-write", cwd: tree.repo, addDirs: [], workspaceWrite: settings(), tmpdirEnv: undefined });
});
afterEach(() => tree.cleanup());

const inRepo = (...p: string[]): string => path.join(tree.repo, ...p);

describe("isWithin", () => {
  it.each([
    { root: "/a/b", target: "/a/b", within: true },
    { root: "/a/b", target: "/a/b/c/d", within: true },
    { root: "/a/b/", target: "/a/b/c", within: true },
    { root: "/a/b", target: "/a/bc", within: false },
    { root: "/a/b", target: "/a", within: false },
    { root: "/a/b", target: "/a/b/../c", within: false },
    { root: "/a/b", target: "/a/b/c/../../b/d", within: true },
    { root: "/a/b", target: "/a/b/..foo", within: true },
    { root: "/", target: "/anything", within: true },
  ])("$target in $root → $within", ({ root, target, within }) => {
    expect(isWithin(root, target)).toBe(within);
  });
});

describe("realTarget", () => {
  it("a path with no symlinks is itself (normalised), existing or not", () => {
    expect(realTarget(inRepo("a/../b/new.txt"))).toBe(inRepo("b/new.txt"));
    expect(realTarget(inRepo("not/yet/there.txt"))).toBe(inRepo("not/yet/there.txt"));
  });

  it("`..` escaping the root resolves outside it", () => {
    expect(realTarget(`${tree.repo}/sub/../../sibling/x`)).toBe(path.join(tree.sibling, "x"));
  });

  it("a symlinked directory among the ancestors is followed", () => {
    symlinkSync(tree.sibling, inRepo("out"));
    expect(realTarget(inRepo("out/deeper/x.txt"))).toBe(path.join(tree.sibling, "deeper/x.txt"));
  });

  it("a dangling symlink is followed by its text (absolute and relative)", () => {
    symlinkSync(path.join(tree.sibling, "later.txt"), inRepo("abs-dangling"));
    symlinkSync("../sibling/rel-later.txt", inRepo("rel-dangling"));
    expect(realTarget(inRepo("abs-dangling"))).toBe(path.join(tree.sibling, "later.txt"));
    expect(realTarget(inRepo("rel-dangling"))).toBe(path.join(tree.sibling, "rel-later.txt"));
  });

  it("a dangling link to a dangling link is followed to the end", () => {
    symlinkSync(inRepo("hop2"), inRepo("hop1"));
    symlinkSync(path.join(tree.sibling, "nowhere/file"), inRepo("hop2"));
    expect(realTarget(inRepo("hop1"))).toBe(path.join(tree.sibling, "nowhere/file"));
  });

  it("a symlink loop terminates", () => {
    symlinkSync(inRepo("loop-b"), inRepo("loop-a"));
    symlinkSync(inRepo("loop-a"), inRepo("loop-b"));
    expect(() => realTarget(inRepo("loop-a"))).not.toThrow();
  });
});

describe("isWritable (workspace-write)", () => {
  it("inside the cwd, existing or not", () => {
    writeFileSync(inRepo("a.txt"), "a");
    expect(isWritable(policy, inRepo("a.txt"))).toBe(true);
    expect(isWritable(policy, inRepo("new/deep/file.txt"))).toBe(true);
    expect(isWritable(policy, tree.repo)).toBe(true);
  });

  it("outside: sibling, a name sharing the cwd as prefix, `..` escapes, /etc", () => {
    expect(isWritable(policy, path.join(tree.sibling, "x"))).toBe(false);
    expect(isWritable(policy, `${tree.repo}x/file`)).toBe(false);
    expect(isWritable(policy, `${tree.repo}/sub/../../sibling/x`)).toBe(false);
    expect(isWritable(policy, "/etc/passwd")).toBe(false);
  });

  it("through a symlink inside the cwd that points outside: refused (dir link, file link, dangling link)", () => {
    symlinkSync(tree.sibling, inRepo("out"));
    writeFileSync(path.join(tree.sibling, "t.txt"), "t");
    symlinkSync(path.join(tree.sibling, "t.txt"), inRepo("file-link"));
    symlinkSync(path.join(tree.sibling, "future.txt"), inRepo("dangling"));
    expect(isWritable(policy, inRepo("out/x.txt"))).toBe(false);
    expect(isWritable(policy, inRepo("file-link"))).toBe(false);
    expect(isWritable(policy, inRepo("dangling"))).toBe(false);
  });

  it("a symlink that stays inside the cwd is fine", () => {
    mkdirSync(inRepo("real"));
    symlinkSync(inRepo("real"), inRepo("alias"));
    symlinkSync("real/new.txt", inRepo("dangling-inside"));
    expect(isWritable(policy, inRepo("alias/x.txt"))).toBe(true);
    expect(isWritable(policy, inRepo("dangling-inside"))).toBe(true);
  });

  it("a symlink outside pointing into the cwd is fine (the write lands inside)", () => {
    symlinkSync(tree.repo, path.join(tree.sibling, "to-repo"));
    expect(isWritable(policy, path.join(tree.sibling, "to-repo/x.txt"))).toBe(true);
  });

  it("protected subpaths: .git (existing), .codex (even missing), .agents (when it exists)", () => {
    expect(isWritable(policy, inRepo(".git/config"))).toBe(false);
    expect(isWritable(policy, inRepo(".git"))).toBe(false);
    expect(isWritable(policy, inRepo(".codex/config.toml"))).toBe(false);
    expect(isWritable(policy, inRepo(".github/workflows/ci.yml"))).toBe(true);
    expect(isWritable(policy, inRepo(".gitignore"))).toBe(true);
    expect(isWritable(policy, inRepo(".codexrc"))).toBe(true);
    mkdirSync(inRepo(".agents"));
    const again = resolveSandboxPolicy({ mode: "workspace-write", cwd: tree.repo, addDirs: [], workspaceWrite: settings(), tmpdirEnv: undefined });
    expect(isWritable(again, inRepo(".agents/x"))).toBe(false);
  });

  it("a .git that is a symlink to a directory inside the cwd: neither path is writable", () => {
    renameSync(inRepo(".git"), inRepo("gitstore"));
    symlinkSync("gitstore", inRepo(".git"));
    const again = resolveSandboxPolicy({ mode: "workspace-write", cwd: tree.repo, addDirs: [], workspaceWrite: settings(), tmpdirEnv: undefined });
    expect(isWritable(again, inRepo(".git/config"))).toBe(false);
    expect(isWritable(again, inRepo("gitstore/hooks/pre-commit"))).toBe(false);
  });

  it("a symlink inside the cwd that points into .git is refused", () => {
    symlinkSync(inRepo(".git/hooks"), inRepo("hooks"));
    expect(isWritable(policy, inRepo("hooks/pre-commit"))).toBe(false);
  });

  it("an added dir is writable, its own .git is not", () => {
    mkdirSync(path.join(tree.sibling, ".git"));
    const withDir = resolveSandboxPolicy({
      mode: "workspace-write",
      cwd: tree.repo,
      addDirs: [tree.sibling],
      workspaceWrite: settings(),
      tmpdirEnv: undefined,
    });
    expect(isWritable(withDir, path.join(tree.sibling, "x"))).toBe(true);
    expect(isWritable(withDir, path.join(tree.sibling, ".git/HEAD"))).toBe(false);
  });
});

describe("isWritable (other modes)", () => {
  it("read-only: nothing, not even the cwd", () => {
    const ro = resolveSandboxPolicy({ mode: "read-only", cwd: tree.repo, addDirs: [tree.sibling], workspaceWrite: settings(), tmpdirEnv: undefined });
    expect(isWritable(ro, inRepo("a.txt"))).toBe(false);
    expect(isWritable(ro, "/tmp/x")).toBe(false);
  });

  it("danger-full-access: everything", () => {
    expect(isWritable(FULL_ACCESS, "/etc/passwd")).toBe(true);
    expect(isWritable(FULL_ACCESS, inRepo(".git/config"))).toBe(true);
  });
});
