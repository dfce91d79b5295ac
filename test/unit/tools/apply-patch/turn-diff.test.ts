// Git-style per-file diffs and the per-turn tracker that accumulates them.

import { describe, expect, it } from "vitest";
import { applyPlan } from "../../../../src/tools/apply-patch/apply-plan.js";
import { parsePatch } from "../../../../src/tools/apply-patch/parse-patch.js";
import { planPatch } from "../../../../src/tools/apply-patch/plan-patch.js";
import { displayPath, TurnDiffTracker } from "../../../../src/tools/apply-patch/turn-diff-tracker.js";
import { gitFileDiff } from "../../../../src/tools/apply-patch/unified-diff.js";
import { MemoryPatchFs } from "./memory-patch-fs.js";

const lines = (...ls: string[]): string => `${ls.join("\n")}\n`;

describe("gitFileDiff", () => {
  it("modification, 3 lines of context, count 1 omitted like git", () => {
    const old = lines("1", "2", "3", "4", "5", "6", "7", "8", "9");
    expect(gitFileDiff({ oldPath: "n.txt", newPath: "n.txt", oldContent: old, newContent: old.replace("5", "five") })).toBe(
      lines("diff --git a/n.txt b/n.txt", "--- a/n.txt", "+++ b/n.txt", "@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+five", " 6", " 7", " 8"),
    );
    expect(gitFileDiff({ oldPath: "o.txt", newPath: "o.txt", oldContent: "a\n", newContent: "b\n" })).toBe(
      lines("diff --git a/o.txt b/o.txt", "--- a/o.txt", "+++ b/o.txt", "@@ -1 +1 @@", "-a", "+b"),
    );
  });

  it("new file", () => {
    expect(gitFileDiff({ oldPath: "src/new.txt", newPath: "src/new.txt", oldContent: null, newContent: "hi\nthere\n" })).toBe(
      lines("diff --git a/src/new.txt b/src/new.txt", "new file mode 100644", "--- /dev/null", "+++ b/src/new.txt", "@@ -0,0 +1,2 @@", "+hi", "+there"),
    );
  });

  it("empty new file has no hunks and no ---/+++", () => {
    expect(gitFileDiff({ oldPath: "e", newPath: "e", oldContent: null, newContent: "" })).toBe(lines("diff --git a/e b/e", "new file mode 100644"));
  });

  it("deleted file", () => {
    expect(gitFileDiff({ oldPath: "d.txt", newPath: "d.txt", oldContent: "x\n", newContent: null })).toBe(
      lines("diff --git a/d.txt b/d.txt", "deleted file mode 100644", "--- a/d.txt", "+++ /dev/null", "@@ -1 +0,0 @@", "-x"),
    );
  });

  it("rename with and without changes", () => {
    expect(gitFileDiff({ oldPath: "a.txt", newPath: "b/a.txt", oldContent: "x\n", newContent: "y\n" })).toBe(
      lines("diff --git a/a.txt b/b/a.txt", "rename from a.txt", "rename to b/a.txt", "--- a/a.txt", "+++ b/b/a.txt", "@@ -1 +1 @@", "-x", "+y"),
    );
    expect(gitFileDiff({ oldPath: "a.txt", newPath: "b.txt", oldContent: "x\n", newContent: "x\n" })).toBe(
      lines("diff --git a/a.txt b/b.txt", "rename from a.txt", "rename to b.txt"),
    );
  });

  it("missing final newline is marked", () => {
    expect(gitFileDiff({ oldPath: "f", newPath: "f", oldContent: "a", newContent: "a\n" })).toBe(
      lines("diff --git a/f b/f", "--- a/f", "+++ b/f", "@@ -1 +1 @@", "-a", "\\ No newline at end of file", "+a"),
    );
  });

  it("no change, or absent on both sides, is empty", () => {
    expect(gitFileDiff({ oldPath: "f", newPath: "f", oldContent: "a\n", newContent: "a\n" })).toBe("");
    expect(gitFileDiff({ oldPath: "f", newPath: "f", oldContent: null, newContent: null })).toBe("");
  });
});

describe("displayPath", () => {
  it.each([
    ["/proj", "/proj/a/b.txt", "a/b.txt"],
    ["/proj", "/other/x", "/other/x"],
    ["/proj", "/projx/y", "/projx/y"],
    ["/proj", "/proj", "/proj"],
  ])("%s + %s → %s", (cwd, abs, want) => {
    expect(displayPath(cwd, abs)).toBe(want);
  });
});

describe("TurnDiffTracker", () => {
  async function patch(fs: MemoryPatchFs, tracker: TurnDiffTracker, body: string): Promise<void> {
    const parsed = parsePatch(`*** Begin Patch\n${body}\n*** End Patch`);
    if (!parsed.ok) throw new Error("bad test patch");
    const planned = await planPatch(parsed.patch, "/proj", fs);
    if (!planned.ok) throw new Error(planned.error);
    tracker.track(planned.plan);
    const applied = await applyPlan(planned.plan, fs);
    if (!applied.ok) throw new Error(applied.error);
  }

  it("diffs every file against its state before the turn's first change, sorted by path", async () => {
    const fs = new MemoryPatchFs({ "/proj/mod.txt": "a\nb\n", "/proj/del.txt": "gone\n" });
    const tracker = new TurnDiffTracker(fs);
    expect(await tracker.unifiedDiff("/proj")).toBe("");
    await patch(fs, tracker, "*** Update File: mod.txt\n@@\n-b\n+B\n*** Add File: add.txt\n+new\n*** Delete File: del.txt");
    await patch(fs, tracker, "*** Update File: mod.txt\n@@\n-a\n+A\n*** Update File: add.txt\n@@\n-new\n+newer");
    expect(await tracker.unifiedDiff("/proj")).toBe(
      lines(
        "diff --git a/add.txt b/add.txt",
        "new file mode 100644",
        "--- /dev/null",
        "+++ b/add.txt",
        "@@ -0,0 +1 @@",
        "+newer",
        "diff --git a/del.txt b/del.txt",
        "deleted file mode 100644",
        "--- a/del.txt",
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-gone",
        "diff --git a/mod.txt b/mod.txt",
        "--- a/mod.txt",
        "+++ b/mod.txt",
        "@@ -1,2 +1,2 @@",
        "-a",
        "-b",
        "+A",
        "+B",
      ),
    );
  });

  it("a file added then deleted in the same turn leaves no trace", async () => {
    const fs = new MemoryPatchFs();
    const tracker = new TurnDiffTracker(fs);
    await patch(fs, tracker, "*** Add File: tmp.txt\n+x");
    await patch(fs, tracker, "*** Delete File: tmp.txt");
    expect(await tracker.unifiedDiff("/proj")).toBe("");
  });

  it("moves show as a rename from the turn's original path, across chained moves", async () => {
    const fs = new MemoryPatchFs({ "/proj/a.txt": "one\n" });
    const tracker = new TurnDiffTracker(fs);
    await patch(fs, tracker, "*** Update File: a.txt\n*** Move to: b.txt\n@@\n-one\n+two");
    await patch(fs, tracker, "*** Update File: b.txt\n*** Move to: sub/c.txt\n@@\n-two\n+three");
    expect(await tracker.unifiedDiff("/proj")).toBe(
      lines("diff --git a/a.txt b/sub/c.txt", "rename from a.txt", "rename to sub/c.txt", "--- a/a.txt", "+++ b/sub/c.txt", "@@ -1 +1 @@", "-one", "+three"),
    );
  });

  it("a move onto an existing file shows a deletion and a modification", async () => {
    const fs = new MemoryPatchFs({ "/proj/a.txt": "a\n", "/proj/b.txt": "b\n" });
    const tracker = new TurnDiffTracker(fs);
    await patch(fs, tracker, "*** Update File: a.txt\n*** Move to: b.txt\n@@\n-a\n+A");
    expect(await tracker.unifiedDiff("/proj")).toBe(
      lines(
        "diff --git a/a.txt b/a.txt",
        "deleted file mode 100644",
        "--- a/a.txt",
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-a",
        "diff --git a/b.txt b/b.txt",
        "--- a/b.txt",
        "+++ b/b.txt",
        "@@ -1 +1 @@",
        "-b",
        "+A",
      ),
    );
  });

  it("reset forgets the turn", async () => {
    const fs = new MemoryPatchFs({ "/proj/a.txt": "a\n" });
    const tracker = new TurnDiffTracker(fs);
    await patch(fs, tracker, "*** Update File: a.txt\n@@\n-a\n+b");
    tracker.reset();
    expect(await tracker.unifiedDiff("/proj")).toBe("");
  });
});
