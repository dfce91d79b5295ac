// Git-style per-file diffs and the per-turn tracker that accumulates them.

import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
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
      lines(
        "diff --git a/n.txt b/n.txt",
        "index 07193989308c972f8a2d0f1b3a15c29ea4ac565b..4c5701d775286e43e9f53ee570f38b6070b09616 100644",
        "--- a/n.txt",
        "+++ b/n.txt",
        "@@ -2,7 +2,7 @@",
        " 2",
        " 3",
        " 4",
        "-5",
        "+five",
        " 6",
        " 7",
        " 8",
      ),
    );
    expect(gitFileDiff({ oldPath: "o.txt", newPath: "o.txt", oldContent: "a\n", newContent: "b\n" })).toBe(
      lines(
        "diff --git a/o.txt b/o.txt",
        "index 78981922613b2afb6025042ff6bd878ac1994e85..61780798228d17af2d34fce4cfbdf35556832472 100644",
        "--- a/o.txt",
        "+++ b/o.txt",
        "@@ -1 +1 @@",
        "-a",
        "+b",
      ),
    );
  });

  it("matches `git diff --no-index --full-index` for a modified file", async () => {
    const oldContent = lines(...Array.from({ length: 20 }, (_, i) => `${i + 1}`));
    const newContent = `${oldContent.replace("\n3\n", "\nthree\n").replace("\n17\n", "\nseventeen\n")}21\n`;
    const dir = await mkdtemp(path.join(os.tmpdir(), "git-file-diff-"));
    try {
      await mkdir(path.join(dir, "old"));
      await mkdir(path.join(dir, "new"));
      await writeFile(path.join(dir, "old", "f.txt"), oldContent);
      await writeFile(path.join(dir, "new", "f.txt"), newContent);
      const git = spawnSync(
        "git",
        ["diff", "--no-index", "--full-index", "--no-color", "--no-ext-diff", "old/f.txt", "new/f.txt"],
        { cwd: dir, encoding: "utf8", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: os.devNull } },
      );
      expect(git.status).toBe(1); // 1: the files differ
      const want = git.stdout.replaceAll("a/old/f.txt", "a/f.txt").replaceAll("b/new/f.txt", "b/f.txt");
      expect(want).toContain("index 0ff3bbb9c8bba2291654cd64067fa417ff54c508..bb075a75d904181c7dd5835259bf2af7429769e5 100644\n");
      expect(gitFileDiff({ oldPath: "f.txt", newPath: "f.txt", oldContent, newContent })).toBe(want);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("new file", () => {
    expect(gitFileDiff({ oldPath: "src/new.txt", newPath: "src/new.txt", oldContent: null, newContent: "hi\nthere\n" })).toBe(
      lines(
        "diff --git a/src/new.txt b/src/new.txt",
        "new file mode 100644",
        "index 0000000000000000000000000000000000000000..0e2f46c17070f62e560121bb636c0bc965086054",
        "--- /dev/null",
        "+++ b/src/new.txt",
        "@@ -0,0 +1,2 @@",
        "+hi",
        "+there",
      ),
    );
  });

  it("empty new file has no hunks and no ---/+++", () => {
    expect(gitFileDiff({ oldPath: "e", newPath: "e", oldContent: null, newContent: "" })).toBe(
      lines("diff --git a/e b/e", "new file mode 100644", "index 0000000000000000000000000000000000000000..e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
    );
  });

  it("deleted file", () => {
    expect(gitFileDiff({ oldPath: "d.txt", newPath: "d.txt", oldContent: "x\n", newContent: null })).toBe(
      lines(
        "diff --git a/d.txt b/d.txt",
        "deleted file mode 100644",
        "index 587be6b4c3f93f93c489c0111bba5596147a26cb..0000000000000000000000000000000000000000",
        "--- a/d.txt",
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-x",
      ),
    );
  });

  it("rename with and without changes", () => {
    expect(gitFileDiff({ oldPath: "a.txt", newPath: "b/a.txt", oldContent: "x\n", newContent: "y\n" })).toBe(
      lines(
        "diff --git a/a.txt b/b/a.txt",
        "rename from a.txt",
        "rename to b/a.txt",
        "index 587be6b4c3f93f93c489c0111bba5596147a26cb..975fbec8256d3e8a3797e7a3611380f27c49f4ac 100644",
        "--- a/a.txt",
        "+++ b/b/a.txt",
        "@@ -1 +1 @@",
        "-x",
        "+y",
      ),
    );
    expect(gitFileDiff({ oldPath: "a.txt", newPath: "b.txt", oldContent: "x\n", newContent: "x\n" })).toBe(
      lines("diff --git a/a.txt b/b.txt", "rename from a.txt", "rename to b.txt"),
    );
  });

  it("missing final newline is marked", () => {
    expect(gitFileDiff({ oldPath: "f", newPath: "f", oldContent: "a", newContent: "a\n" })).toBe(
      lines(
        "diff --git a/f b/f",
        "index 2e65efe2a145dda7ee51d1741299f848e5bf752e..78981922613b2afb6025042ff6bd878ac1994e85 100644",
        "--- a/f",
        "+++ b/f",
        "@@ -1 +1 @@",
        "-a",
        "\\ No newline at end of file",
        "+a",
      ),
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
        "index 0000000000000000000000000000000000000000..d58ed19c91e09e9cc931ac08e57009004eebcb52",
        "--- /dev/null",
        "+++ b/add.txt",
        "@@ -0,0 +1 @@",
        "+newer",
        "diff --git a/del.txt b/del.txt",
        "deleted file mode 100644",
        "index 286c5f5776916d7d7d5849988ca9d83e722cf9c2..0000000000000000000000000000000000000000",
        "--- a/del.txt",
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-gone",
        "diff --git a/mod.txt b/mod.txt",
        "index 422c2b7ab3b3c668038da977e4e93a5fc623169c..35d242ba79ae89ac695e26b3d4c27a8e6f028f9e 100644",
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
      lines(
        "diff --git a/a.txt b/sub/c.txt",
        "rename from a.txt",
        "rename to sub/c.txt",
        "index 5626abf0f72e58d7a153368ba57db4c673c0e171..2bdf67abb163a4ffb2d7f3f0880c9fe5068ce782 100644",
        "--- a/a.txt",
        "+++ b/sub/c.txt",
        "@@ -1 +1 @@",
        "-one",
        "+three",
      ),
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
        "index 78981922613b2afb6025042ff6bd878ac1994e85..0000000000000000000000000000000000000000",
        "--- a/a.txt",
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-a",
        "diff --git a/b.txt b/b.txt",
        "index 61780798228d17af2d34fce4cfbdf35556832472..f70f10e4db19068f79bc43844b49f3eece45c4e8 100644",
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
