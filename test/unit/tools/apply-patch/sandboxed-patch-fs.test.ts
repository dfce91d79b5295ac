// sandboxedPatchFs under the real bubblewrap sandbox: writes land in writable roots, and a target whose
// directory became a symlink to the outside after apply_patch's check is refused by the kernel.

import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bwrapBackend, createCommandSandbox } from "../../../../src/sandbox/command-sandbox.js";
import { findSandboxHelper } from "../../../../src/sandbox/find-sandbox-helper.js";
import { probeBwrap } from "../../../../src/sandbox/probe-bwrap.js";
import type { LinuxBackend } from "../../../../src/sandbox/probe-sandbox.js";
import { resolveSandboxPolicy } from "../../../../src/sandbox/resolve-sandbox-policy.js";
import { nodePatchFs } from "../../../../src/tools/apply-patch/node-patch-fs.js";
import { sandboxedPatchFs } from "../../../../src/tools/apply-patch/sandboxed-patch-fs.js";
import { makeTree, settings, type Tree } from "../../sandbox/support.js";

const PATH = process.env["PATH"] ?? "/usr/bin:/bin";

let tree: Tree;
beforeEach(() => {
  tree = makeTree("patch-fs-");
});
afterEach(() => tree.cleanup());

/** Both Linux backends; CI builds the helper, so a missing one fails here rather than skipping. */
const BACKENDS: Array<[string, () => LinuxBackend]> = [
  ["bwrap", () => bwrapBackend(probeBwrap(PATH))],
  ["landlock", () => ({ kind: "landlock", helper: findSandboxHelper({}) ?? "(not built: npm run build:helper)", abi: 1 })],
];

describe.skipIf(process.platform !== "linux").each(BACKENDS)("sandboxedPatchFs under %s", (_name, backend) => {
  function workspaceWriteFs(): ReturnType<typeof sandboxedPatchFs> {
    const policy = resolveSandboxPolicy({ mode: "workspace-write", cwd: tree.repo, addDirs: [], workspaceWrite: settings(), tmpdirEnv: undefined });
    const sandbox = createCommandSandbox(policy, "linux", backend);
    return sandboxedPatchFs(nodePatchFs, (argv, cwd, writes) => sandbox.wrap(argv, cwd, writes));
  }

  it("creates and removes a file at the top of the repository (beside .git), and never writes into .git", async () => {
    const fs = workspaceWriteFs();
    const top = path.join(tree.repo, "top.txt");
    await fs.writeFile(top, "top");
    expect(readFileSync(top, "utf8")).toBe("top");
    await fs.remove(top);
    expect(existsSync(top)).toBe(false);
    await expect(fs.writeFile(path.join(tree.repo, ".git", "hooks", "pre-commit"), "x")).rejects.toMatchObject({ code: expect.stringMatching(/^(EROFS|EACCES)$/) });
    expect(existsSync(path.join(tree.repo, ".git", "hooks", "pre-commit"))).toBe(false);
  });

  it("writes (making parent folders), replaces and removes files in a writable root, byte for byte", async () => {
    const fs = workspaceWriteFs();
    const file = path.join(tree.repo, "a", "b", "c.txt");
    await fs.writeFile(file, "héllo\r\nworld");
    expect(readFileSync(file, "utf8")).toBe("héllo\r\nworld");
    await fs.writeFile(file, "again");
    expect(await fs.readFile(file)).toBe("again");
    await fs.remove(file);
    expect(existsSync(file)).toBe(false);
  });

  it("a folder swapped for a symlink to the outside after the check: the write is refused, nothing lands outside", async () => {
    const fs = workspaceWriteFs();
    const outside = path.join(tree.sibling, "od");
    mkdirSync(outside);
    symlinkSync(outside, path.join(tree.repo, "d"));
    const err = await fs.writeFile(path.join(tree.repo, "d", "p.txt"), "x").catch((e: unknown) => e);
    expect(err).toMatchObject({ code: expect.stringMatching(/^(EROFS|EACCES)$/) });
    expect(existsSync(path.join(outside, "p.txt"))).toBe(false);
  });

  it("removing through such a symlink is refused too; a missing file is ENOENT", async () => {
    const fs = workspaceWriteFs();
    const outside = path.join(tree.sibling, "od");
    mkdirSync(outside);
    writeFileSync(path.join(outside, "keep.txt"), "keep");
    symlinkSync(outside, path.join(tree.repo, "d"));
    await expect(fs.remove(path.join(tree.repo, "d", "keep.txt"))).rejects.toMatchObject({ code: expect.stringMatching(/^(EROFS|EACCES)$/) });
    expect(readFileSync(path.join(outside, "keep.txt"), "utf8")).toBe("keep");
    await expect(fs.remove(path.join(tree.repo, "missing.txt"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("where nothing can be confined (no command can run to race it), writes go straight to disk", async () => {
    const fs = sandboxedPatchFs(nodePatchFs, () => {
      throw new Error("no sandbox");
    });
    const file = path.join(tree.repo, "direct.txt");
    await fs.writeFile(file, "direct");
    expect(readFileSync(file, "utf8")).toBe("direct");
  });
});
