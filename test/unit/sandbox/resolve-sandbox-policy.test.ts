// resolveSandboxPolicy: writable roots (canonical, deduplicated), protected subpaths and network (spec core §6.1).

import { existsSync, mkdirSync, realpathSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveSandboxPolicy, type SandboxPolicyInput } from "../../../src/sandbox/resolve-sandbox-policy.js";
import { makeTree, settings, type Tree } from "./support.js";

let tree: Tree;
beforeEach(() => {
  tree = makeTree("policy-");
});
afterEach(() => tree.cleanup());

const input = (over: Partial<SandboxPolicyInput> = {}): SandboxPolicyInput => ({
  mode: "workspace-write",
  cwd: tree.repo,
  addDirs: [],
  workspaceWrite: settings({ excludeSlashTmp: false }),
  tmpdirEnv: undefined,
  ...over,
});

describe("resolveSandboxPolicy", () => {
  it("workspace-write: cwd, then added dirs and writable_roots, then /tmp and $TMPDIR", () => {
    const extra = path.join(tree.root, "extra");
    const tmpdir = path.join(tree.root, "tmpdir");
    mkdirSync(extra);
    mkdirSync(tmpdir);
    const policy = resolveSandboxPolicy(
      input({ addDirs: [tree.sibling], workspaceWrite: settings({ excludeSlashTmp: false, writableRoots: [extra] }), tmpdirEnv: tmpdir }),
    );
    expect(policy).toEqual({
      mode: "workspace-write",
      writableRoots: [tree.repo, tree.sibling, extra, realpathSync("/tmp"), tmpdir],
      readOnlySubpaths: [path.join(tree.repo, ".git"), path.join(tree.repo, ".codex")],
      networkAccess: false,
    });
  });

  it("exclude_slash_tmp / exclude_tmpdir_env_var drop those roots", () => {
    const policy = resolveSandboxPolicy(
      input({ workspaceWrite: settings({ excludeSlashTmp: true, excludeTmpdirEnvVar: true }), tmpdirEnv: tree.sibling }),
    );
    expect(policy.writableRoots).toEqual([tree.repo]);
  });

  it("relative added dirs resolve against the cwd; roots are canonical; duplicates and missing dirs are dropped", () => {
    symlinkSync(tree.sibling, path.join(tree.root, "sib-link"));
    const policy = resolveSandboxPolicy(
      input({
        addDirs: ["../sibling", path.join(tree.root, "sib-link"), ".", path.join(tree.root, "missing")],
        workspaceWrite: settings(),
      }),
    );
    expect(policy.writableRoots).toEqual([tree.repo, tree.sibling]);
  });

  it("a cwd reached through a symlink gives the real path", () => {
    const link = path.join(tree.root, "repo-link");
    symlinkSync(tree.repo, link);
    const policy = resolveSandboxPolicy(input({ cwd: link, workspaceWrite: settings() }));
    expect(policy.writableRoots).toEqual([tree.repo]);
    expect(policy.readOnlySubpaths).toEqual([path.join(tree.repo, ".git"), path.join(tree.repo, ".codex")]);
  });

  it("protects .git, .codex and .agents under every root when they exist; .codex in the cwd always", () => {
    mkdirSync(path.join(tree.repo, ".agents"));
    mkdirSync(path.join(tree.sibling, ".codex"));
    mkdirSync(path.join(tree.sibling, ".git"));
    const policy = resolveSandboxPolicy(input({ addDirs: [tree.sibling], workspaceWrite: settings() }));
    expect(policy.readOnlySubpaths).toEqual([
      path.join(tree.repo, ".git"),
      path.join(tree.repo, ".agents"),
      path.join(tree.sibling, ".git"),
      path.join(tree.sibling, ".codex"),
      path.join(tree.repo, ".codex"),
    ]);
    expect(existsSync(path.join(tree.repo, ".codex"))).toBe(false);
  });

  it("a `.git` file (worktree/submodule) also protects the gitdir it points to", () => {
    const store = path.join(tree.root, "store/modules/x");
    mkdirSync(store, { recursive: true });
    writeFileSync(path.join(tree.sibling, ".git"), "gitdir: ../store/modules/x\n");
    const policy = resolveSandboxPolicy(input({ cwd: tree.sibling, workspaceWrite: settings() }));
    expect(policy.readOnlySubpaths).toEqual([path.join(tree.sibling, ".git"), store, path.join(tree.sibling, ".codex")]);
  });

  it("a symlinked .git protects both the link and its target", () => {
    const store = path.join(tree.repo, "gitstore");
    renameSync(path.join(tree.repo, ".git"), store);
    symlinkSync("gitstore", path.join(tree.repo, ".git"));
    const policy = resolveSandboxPolicy(input({ workspaceWrite: settings() }));
    expect(policy.readOnlySubpaths).toEqual([path.join(tree.repo, ".git"), store, path.join(tree.repo, ".codex")]);
  });

  it("network_access is carried over for workspace-write only", () => {
    expect(resolveSandboxPolicy(input({ workspaceWrite: settings({ networkAccess: true }) })).networkAccess).toBe(true);
    expect(resolveSandboxPolicy(input()).networkAccess).toBe(false);
    expect(resolveSandboxPolicy(input({ mode: "read-only", workspaceWrite: settings({ networkAccess: true }) }))).toEqual({
      mode: "read-only",
      writableRoots: [],
      readOnlySubpaths: [],
      networkAccess: false,
    });
  });

  it("danger-full-access: no roots, network on", () => {
    expect(resolveSandboxPolicy(input({ mode: "danger-full-access" }))).toEqual({
      mode: "danger-full-access",
      writableRoots: [],
      readOnlySubpaths: [],
      networkAccess: true,
    });
  });
});
