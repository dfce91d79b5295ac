// protectMissingCodexDir: an empty `.codex` exists for the run's length under workspace-write, then goes if still empty.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { protectMissingCodexDir } from "../../../src/sandbox/protect-missing-codex-dir.js";
import { resolveSandboxPolicy } from "../../../src/sandbox/resolve-sandbox-policy.js";
import { makeTree, settings, type Tree } from "./support.js";

let tree: Tree;
beforeEach(() => {
  tree = makeTree("codex-dir-");
});
afterEach(() => tree.cleanup());

const policy = (mode: "workspace-write" | "read-only") =>
  resolveSandboxPolicy({ mode, cwd: tree.repo, addDirs: [], workspaceWrite: settings(), tmpdirEnv: undefined });
const codexDir = (): string => path.join(tree.repo, ".codex");

describe("protectMissingCodexDir", () => {
  it("workspace-write, missing: made empty for the run, removed by the cleanup", () => {
    const cleanup = protectMissingCodexDir(policy("workspace-write"), tree.repo);
    expect(existsSync(codexDir())).toBe(true);
    cleanup();
    expect(existsSync(codexDir())).toBe(false);
  });

  it("a folder that is no longer empty at the end is left alone", () => {
    const cleanup = protectMissingCodexDir(policy("workspace-write"), tree.repo);
    writeFileSync(path.join(codexDir(), "config.toml"), "");
    cleanup();
    expect(existsSync(path.join(codexDir(), "config.toml"))).toBe(true);
  });

  it("an existing .codex is never touched, and read-only needs no guard", () => {
    mkdirSync(codexDir());
    protectMissingCodexDir(policy("workspace-write"), tree.repo)();
    expect(existsSync(codexDir())).toBe(true);
    const other = makeTree("codex-dir-ro-");
    try {
      const ro = resolveSandboxPolicy({ mode: "read-only", cwd: other.repo, addDirs: [], workspaceWrite: settings(), tmpdirEnv: undefined });
      protectMissingCodexDir(ro, other.repo);
      expect(existsSync(path.join(other.repo, ".codex"))).toBe(false);
    } finally {
      other.cleanup();
    }
  });
});
