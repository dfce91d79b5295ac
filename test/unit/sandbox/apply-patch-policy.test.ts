// apply_patch on the real disk under a policy from resolveSandboxPolicy: the same roots bwrap enforces,
// symlinks resolved; a refused patch writes nothing.

import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger, type EventMsg, type SandboxMode, type SandboxPolicy } from "../../../src/protocol/index.js";
import { resolveSandboxPolicy } from "../../../src/sandbox/resolve-sandbox-policy.js";
import { applyPatchText } from "../../../src/tools/apply-patch-tool.js";
import { nodePatchFs } from "../../../src/tools/apply-patch/node-patch-fs.js";
import type { ToolContext } from "../../../src/tools/tool-router.js";
import { makeTree, settings, type Tree } from "./support.js";

const OUTSIDE = "patch rejected: writing outside of the project; rejected by user approval settings";
const READ_ONLY = "patch rejected: writing is blocked by read-only sandbox; rejected by user approval settings";
const wrap = (body: string): string => `*** Begin Patch\n${body}\n*** End Patch`;

let tree: Tree;
beforeEach(() => {
  tree = makeTree("patch-policy-");
});
afterEach(() => tree.cleanup());

function patch(body: string, mode: SandboxMode = "workspace-write", addDirs: string[] = []) {
  const policy: SandboxPolicy = resolveSandboxPolicy({
    mode,
    cwd: tree.repo,
    addDirs,
    workspaceWrite: settings(),
    tmpdirEnv: undefined,
  });
  const events: EventMsg[] = [];
  const ctx: ToolContext = {
    cwd: tree.repo,
    signal: new AbortController().signal,
    callId: "call-1",
    threadId: "thread-1",
    sandbox: policy,
    emit: (msg) => events.push(msg),
    logger: silentLogger,
  };
  return applyPatchText(wrap(body), tree.repo, ctx, { fs: nodePatchFs }).then((result) => ({ result, events }));
}

const inRepo = (...p: string[]): string => path.join(tree.repo, ...p);
const status = (events: EventMsg[]): string | undefined => {
  const end = events.find((e) => e.type === "patch_apply_end");
  return end?.type === "patch_apply_end" ? end.status : undefined;
};

describe("apply_patch under workspace-write (real disk)", () => {
  it("inside the cwd: applied", async () => {
    const { result, events } = await patch("*** Add File: src/new.txt\n+hello");
    expect(result.success).toBe(true);
    expect(status(events)).toBe("completed");
    expect(readFileSync(inRepo("src/new.txt"), "utf8")).toBe("hello\n");
  });

  it.each([
    { name: "../outside.txt", body: () => "*** Add File: ../outside.txt\n+x", absent: () => path.join(tree.root, "outside.txt") },
    {
      name: "an absolute path beside the cwd",
      body: () => `*** Add File: ${path.join(tree.sibling, "abs.txt")}\n+x`,
      absent: () => path.join(tree.sibling, "abs.txt"),
    },
    { name: "through a symlinked directory", body: () => "*** Add File: out/through.txt\n+x", absent: () => path.join(tree.sibling, "through.txt") },
    { name: "into .git", body: () => "*** Add File: .git/hooks/post-checkout\n+#!/bin/sh", absent: () => inRepo(".git/hooks/post-checkout") },
    { name: "creating .codex/x", body: () => "*** Add File: .codex/x\n+x", absent: () => inRepo(".codex") },
  ])("$name: declined, nothing written", async ({ body, absent }) => {
    symlinkSync(tree.sibling, inRepo("out"));
    const { result, events } = await patch(body());
    expect(result).toMatchObject({ output: OUTSIDE, success: false });
    expect(status(events)).toBe("declined");
    expect(existsSync(absent())).toBe(false);
  });

  it("updating a file through a symlink to a file outside: declined, target unchanged", async () => {
    writeFileSync(path.join(tree.sibling, "t.txt"), "a\n");
    symlinkSync(path.join(tree.sibling, "t.txt"), inRepo("t.txt"));
    const { result } = await patch("*** Update File: t.txt\n@@\n-a\n+b");
    expect(result).toMatchObject({ output: OUTSIDE, success: false });
    expect(readFileSync(path.join(tree.sibling, "t.txt"), "utf8")).toBe("a\n");
  });

  it("one bad path refuses the whole patch (all or nothing)", async () => {
    const { result } = await patch("*** Add File: ok.txt\n+ok\n*** Add File: ../bad.txt\n+bad");
    expect(result).toMatchObject({ output: OUTSIDE, success: false });
    expect(existsSync(inRepo("ok.txt"))).toBe(false);
    expect(existsSync(path.join(tree.root, "bad.txt"))).toBe(false);
  });

  it("an added dir is writable", async () => {
    const { result } = await patch(`*** Add File: ${path.join(tree.sibling, "added.txt")}\n+x`, "workspace-write", [tree.sibling]);
    expect(result.success).toBe(true);
    expect(readFileSync(path.join(tree.sibling, "added.txt"), "utf8")).toBe("x\n");
  });
});

describe("apply_patch under read-only (real disk)", () => {
  it("refuses every write", async () => {
    mkdirSync(inRepo("src"));
    const { result, events } = await patch("*** Add File: src/a.txt\n+a", "read-only");
    expect(result).toMatchObject({ output: READ_ONLY, success: false });
    expect(status(events)).toBe("declined");
    expect(existsSync(inRepo("src/a.txt"))).toBe(false);
  });
});
