// What the Landlock backend grants: a root holding protected paths is split into its other children; symlinks never.

import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { landlockArgv } from "../../../src/sandbox/landlock-command.js";
import { resolveSandboxPolicy } from "../../../src/sandbox/resolve-sandbox-policy.js";
import { makeTree, settings, type Tree } from "./support.js";

let tree: Tree;
beforeEach(() => {
  tree = makeTree("landlock-argv-");
  mkdirSync(path.join(tree.repo, "src"));
  writeFileSync(path.join(tree.repo, "README.md"), "x");
  symlinkSync("/etc", path.join(tree.repo, "etc-link"));
});
afterEach(() => tree.cleanup());

const policy = (mode: "read-only" | "workspace-write", over = {}) =>
  resolveSandboxPolicy({ mode, cwd: tree.repo, addDirs: [], workspaceWrite: settings(over), tmpdirEnv: undefined });

/** The `--write` operands of an argv. */
const grants = (argv: readonly string[]): string[] => argv.flatMap((a, i) => (argv[i - 1] === "--write" ? [a] : []));

describe("landlockArgv", () => {
  it("workspace-write: the repo's children are granted, not the repo itself, not .git, not a symlink", () => {
    const argv = landlockArgv("/h", policy("workspace-write"), ["ls"]);
    const g = grants(argv);
    expect(g).toEqual(expect.arrayContaining([path.join(tree.repo, "src"), path.join(tree.repo, "README.md")]));
    for (const denied of [tree.repo, path.join(tree.repo, ".git"), path.join(tree.repo, "etc-link"), "/etc", tree.sibling]) {
      expect(g).not.toContain(denied);
    }
    expect(argv).toContain("--deny-network");
    expect(argv.slice(-2)).toEqual(["--", "ls"]);
  });

  it("a root with nothing protected inside is granted whole; network_access drops the filter", () => {
    const policyWithSibling = policy("workspace-write", { writableRoots: [tree.sibling], networkAccess: true });
    const argv = landlockArgv("/h", policyWithSibling, ["ls"]);
    expect(grants(argv)).toContain(tree.sibling);
    expect(argv).not.toContain("--deny-network");
  });

  it("read-only: only the device files", () => {
    expect(grants(landlockArgv("/h", policy("read-only"), ["ls"]))).toEqual(["/dev/null", "/dev/zero", "/dev/full", "/dev/tty", "/dev/ptmx", "/dev/pts"]);
  });

  it("the patch writer gets the top of a split root for its file, but never a folder a command could have swapped", () => {
    const p = policy("workspace-write");
    expect(grants(landlockArgv("/h", p, ["sh"], [path.join(tree.repo, "new.txt")]))).toContain(tree.repo);
    expect(grants(landlockArgv("/h", p, ["sh"], [path.join(tree.repo, "newdir", "deep", "f.txt")]))).toContain(tree.repo);
    const viaLink = grants(landlockArgv("/h", p, ["sh"], [path.join(tree.repo, "etc-link", "passwd")]));
    expect(viaLink).not.toContain(path.join(tree.repo, "etc-link"));
    expect(viaLink).not.toContain(tree.repo);
    const inSrc = grants(landlockArgv("/h", p, ["sh"], [path.join(tree.repo, "src", "a.ts")]));
    expect(inSrc).not.toContain(tree.repo);
  });
});
