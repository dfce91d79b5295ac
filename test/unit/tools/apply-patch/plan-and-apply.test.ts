// Planner and applier against an in-memory tree: results, exact error texts, all-or-nothing, rollback.

import { describe, expect, it } from "vitest";
import { applyPlan } from "../../../../src/tools/apply-patch/apply-plan.js";
import { deriveNewContent } from "../../../../src/tools/apply-patch/derive-new-content.js";
import { parsePatch } from "../../../../src/tools/apply-patch/parse-patch.js";
import type { UpdateChunk } from "../../../../src/tools/apply-patch/patch-types.js";
import { patchSummary } from "../../../../src/tools/apply-patch/patch-summary.js";
import { planPatch, type PlanResult } from "../../../../src/tools/apply-patch/plan-patch.js";
import { MemoryPatchFs } from "./memory-patch-fs.js";

const CWD = "/proj";
const wrap = (body: string): string => `*** Begin Patch\n${body}\n*** End Patch`;

async function plan(fs: MemoryPatchFs, body: string, cwd = CWD): Promise<PlanResult> {
  const parsed = parsePatch(wrap(body));
  if (!parsed.ok) throw new Error(`test patch does not parse: ${JSON.stringify(parsed.error)}`);
  return planPatch(parsed.patch, cwd, fs);
}

/** Plan and apply; returns the summary or the error. */
async function run(fs: MemoryPatchFs, body: string, cwd = CWD): Promise<{ summary: string } | { error: string }> {
  const planned = await plan(fs, body, cwd);
  if (!planned.ok) return { error: planned.error };
  const applied = await applyPlan(planned.plan, fs);
  return applied.ok ? { summary: patchSummary(planned.plan.changes) } : { error: applied.error };
}

const chunk = (old_lines: string[], new_lines: string[], extra: Partial<UpdateChunk> = {}): UpdateChunk => ({
  change_context: null,
  old_lines,
  new_lines,
  is_end_of_file: false,
  ...extra,
});

describe("deriveNewContent", () => {
  it.each<{ name: string; original: string; chunks: UpdateChunk[]; want: string }>([
    { name: "replace a line", original: "foo\nbar\n", chunks: [chunk(["foo", "bar"], ["foo", "baz"])], want: "foo\nbaz\n" },
    {
      name: "two chunks",
      original: "foo\nbar\nbaz\nqux\n",
      chunks: [chunk(["foo", "bar"], ["foo", "BAR"]), chunk(["baz", "qux"], ["baz", "QUX"])],
      want: "foo\nBAR\nbaz\nQUX\n",
    },
    {
      name: "interleaved changes and an append at end of file",
      original: "a\nb\nc\nd\ne\nf\n",
      chunks: [chunk(["a", "b"], ["a", "B"]), chunk(["c", "d", "e"], ["c", "d", "E"]), chunk(["f"], ["f", "g"], { is_end_of_file: true })],
      want: "a\nB\nc\nd\nE\nf\ng\n",
    },
    {
      name: "a pure addition goes to the end, even before a later replacement",
      original: "line1\nline2\nline3\n",
      chunks: [chunk([], ["after-context", "second-line"]), chunk(["line1", "line2", "line3"], ["line1", "line2-replacement"])],
      want: "line1\nline2-replacement\nafter-context\nsecond-line\n",
    },
    {
      name: "a pure addition goes before a final blank line, which then becomes the final newline (as codex)",
      original: "a\n\n",
      chunks: [chunk([], ["z"])],
      want: "a\nz\n",
    },
    { name: "a final blank line serves as the final newline (codex quirk)", original: "a\n\n", chunks: [chunk(["a"], ["b"])], want: "b\n" },
    { name: "only one of several final blank lines is absorbed", original: "a\n\n\n", chunks: [chunk(["a"], ["b"])], want: "b\n\n" },
    { name: "a file without final newline gains one", original: "no newline", chunks: [chunk(["no newline"], ["x", "y"])], want: "x\ny\n" },
    { name: "trailing empty old line stands for the final newline", original: "a\nb\n", chunks: [chunk(["b", ""], ["c", ""])], want: "a\nc\n" },
    {
      name: "context header narrows the search",
      original: "def f():\n    return 1\ndef g():\n    return 1\n",
      chunks: [chunk(["    return 1"], ["    return 2"], { change_context: "def g():" })],
      want: "def f():\n    return 1\ndef g():\n    return 2\n",
    },
    { name: "deleting every line leaves an empty file", original: "a\n", chunks: [chunk(["a"], [])], want: "" },
    { name: "CRLF stays part of the line", original: "a\r\nb\r\n", chunks: [chunk(["a"], ["A"])], want: "A\nb\r\n" },
  ])("$name", ({ original, chunks, want }) => {
    expect(deriveNewContent(original, chunks, "/f")).toEqual({ ok: true, content: want });
  });

  it("handles a very large insertion", () => {
    const many = Array.from({ length: 300_000 }, (_, i) => `l${i}`);
    const result = deriveNewContent("a\nb\n", [chunk(["a"], ["a", ...many])], "/f");
    expect(result.ok && result.content.split("\n").length).toBe(300_003);
  });

  it("names the file and the missing context line", () => {
    expect(deriveNewContent("a\n", [chunk(["a"], ["b"], { change_context: "class X" })], "/p/f.py")).toEqual({
      ok: false,
      error: "Failed to find context 'class X' in /p/f.py",
    });
  });

  it("names the file and lists every expected line", () => {
    expect(deriveNewContent("a\nb\n", [chunk(["a", "missing", ""], ["x"])], "/p/f.txt")).toEqual({
      ok: false,
      error: "Failed to find expected lines in /p/f.txt:\na\nmissing\n",
    });
  });
});

describe("planPatch + applyPlan", () => {
  it("adds (creating parents), updates and deletes; summary grouped A, M, D as written", async () => {
    const fs = new MemoryPatchFs({ "/proj/del.txt": "x\n", "/proj/mod.txt": "one\ntwo\n" });
    const result = await run(fs, "*** Delete File: del.txt\n*** Update File: mod.txt\n@@\n-two\n+2\n*** Add File: deep/new/file.txt\n+hi");
    expect(result).toEqual({ summary: "Success. Updated the following files:\nA deep/new/file.txt\nM mod.txt\nD del.txt\n" });
    expect(fs.snapshot()).toEqual({ "/proj/deep/new/file.txt": "hi\n", "/proj/mod.txt": "one\n2\n" });
  });

  it("moves: writes the destination (overwriting), removes the source, reports the destination", async () => {
    const fs = new MemoryPatchFs({ "/proj/a/old.txt": "from\n", "/proj/b/new.txt": "existing\n" });
    const result = await run(fs, "*** Update File: a/old.txt\n*** Move to: b/new.txt\n@@\n-from\n+to");
    expect(result).toEqual({ summary: "Success. Updated the following files:\nM b/new.txt\n" });
    expect(fs.snapshot()).toEqual({ "/proj/b/new.txt": "to\n" });
    expect(fs.dirs.has("/proj/a")).toBe(true);
  });

  it("a move onto itself is an in-place update", async () => {
    const fs = new MemoryPatchFs({ "/proj/a.txt": "x\n" });
    expect(await run(fs, "*** Update File: a.txt\n*** Move to: ./a.txt\n@@\n-x\n+y")).toEqual({
      summary: "Success. Updated the following files:\nM ./a.txt\n",
    });
    expect(fs.snapshot()).toEqual({ "/proj/a.txt": "y\n" });
  });

  it("a NUL in a file name (or a Move to) is refused before anything is written", async () => {
    const fs = new MemoryPatchFs({ "/proj/a.txt": "x\n" });
    expect(await plan(fs, "*** Add File: a\u0000b.txt\n+hi")).toEqual({
      ok: false,
      error: "Failed to write file /proj/a\u0000b.txt: file name contained an unexpected NUL byte",
    });
    expect(await plan(fs, "*** Update File: a.txt\n*** Move to: c\u0000.txt\n@@\n-x\n+y")).toMatchObject({ ok: false });
    expect(fs.snapshot()).toEqual({ "/proj/a.txt": "x\n" });
  });

  it("accepts absolute paths and resolves `..`", async () => {
    const fs = new MemoryPatchFs({ "/other/x.txt": "x\n" });
    const planned = await plan(fs, "*** Delete File: /other/x.txt\n*** Add File: sub/../y.txt\n+y");
    expect(planned.ok && planned.plan.changes.map((c) => c.absPath)).toEqual(["/other/x.txt", "/proj/y.txt"]);
  });

  it("later hunks see earlier ones (add then update the same file)", async () => {
    const fs = new MemoryPatchFs();
    expect(await run(fs, "*** Add File: a.txt\n+one\n*** Update File: a.txt\n@@\n-one\n+two")).toEqual({
      summary: "Success. Updated the following files:\nA a.txt\nM a.txt\n",
    });
    expect(fs.snapshot()).toEqual({ "/proj/a.txt": "two\n" });
  });

  it("the plan records originals and final states", async () => {
    const fs = new MemoryPatchFs({ "/proj/a.txt": "a\n" });
    const planned = await plan(fs, "*** Update File: a.txt\n*** Move to: b.txt\n@@\n-a\n+b");
    expect(planned.ok && [...planned.plan.original]).toEqual([
      ["/proj/a.txt", "a\n"],
      ["/proj/b.txt", null],
    ]);
    expect(planned.ok && [...planned.plan.finalState]).toEqual([
      ["/proj/b.txt", "b\n"],
      ["/proj/a.txt", null],
    ]);
  });

  it.each<{ name: string; files: Record<string, string>; dirs?: string[]; body: string; error: string }>([
    {
      name: "update of a missing file",
      files: {},
      body: "*** Update File: missing.txt\n@@\n-old\n+new",
      error: "Failed to read file to update /proj/missing.txt: No such file or directory (os error 2)",
    },
    {
      name: "update of a directory",
      files: {},
      dirs: ["/proj/d"],
      body: "*** Update File: d\n@@\n-old\n+new",
      error: "Failed to read file to update /proj/d: Is a directory (os error 21)",
    },
    { name: "delete of a missing file", files: {}, body: "*** Delete File: nope.txt", error: "Failed to read /proj/nope.txt: No such file or directory (os error 2)" },
    { name: "delete of a directory", files: { "/proj/dir/foo.txt": "x\n" }, body: "*** Delete File: dir", error: "Failed to read /proj/dir: Is a directory (os error 21)" },
    {
      name: "deleting the same file twice",
      files: { "/proj/a.txt": "a\n" },
      body: "*** Delete File: a.txt\n*** Delete File: a.txt",
      error: "Failed to read /proj/a.txt: No such file or directory (os error 2)",
    },
    {
      name: "missing expected lines",
      files: { "/proj/m.txt": "line1\nline2\n" },
      body: "*** Update File: m.txt\n@@\n line1\n-missing\n+changed",
      error: "Failed to find expected lines in /proj/m.txt:\nline1\nmissing",
    },
    {
      name: "missing context",
      files: { "/proj/m.py": "def f():\n    pass\n" },
      body: "*** Update File: m.py\n@@ def g():\n-    pass\n+    return 1",
      error: "Failed to find context 'def g():' in /proj/m.py",
    },
    { name: "add onto a directory", files: {}, dirs: ["/proj/d"], body: "*** Add File: d\n+x", error: "Failed to write file /proj/d: Is a directory (os error 21)" },
    {
      name: "add under a file",
      files: { "/proj/f.txt": "x\n" },
      body: "*** Add File: f.txt/child.txt\n+x",
      error: "Failed to create parent directories for /proj/f.txt/child.txt: Not a directory (os error 20)",
    },
    {
      name: "move onto a directory",
      files: { "/proj/a.txt": "a\n" },
      dirs: ["/proj/d"],
      body: "*** Update File: a.txt\n*** Move to: d\n@@\n-a\n+b",
      error: "Failed to write file /proj/d: Is a directory (os error 21)",
    },
  ])("rejects $name with a precise message and writes nothing", async ({ files, dirs = [], body, error }) => {
    const fs = new MemoryPatchFs(files, dirs);
    const before = fs.snapshot();
    expect(await run(fs, body)).toEqual({ error });
    expect(fs.snapshot()).toEqual(before);
    expect(fs.log).toEqual([]);
  });

  it("an error in a later hunk leaves the earlier hunks unapplied (all-or-nothing)", async () => {
    const fs = new MemoryPatchFs({ "/proj/keep.txt": "k\n" });
    const result = await run(fs, "*** Add File: created.txt\n+hello\n*** Delete File: keep.txt\n*** Update File: missing.txt\n@@\n-old\n+new");
    expect(result).toEqual({ error: "Failed to read file to update /proj/missing.txt: No such file or directory (os error 2)" });
    expect(fs.snapshot()).toEqual({ "/proj/keep.txt": "k\n" });
    expect(fs.log).toEqual([]);
  });

  it("zero hunks: No files were modified.", async () => {
    const parsed = parsePatch("*** Begin Patch\n*** End Patch");
    expect(parsed.ok && (await planPatch(parsed.patch, CWD, new MemoryPatchFs()))).toEqual({ ok: false, error: "No files were modified." });
  });

  it("a file may be replaced by a directory of the same name (removals run first)", async () => {
    const fs = new MemoryPatchFs({ "/proj/x": "file\n" });
    expect(await run(fs, "*** Delete File: x\n*** Add File: x/inner.txt\n+i")).toEqual({
      summary: "Success. Updated the following files:\nA x/inner.txt\nD x\n",
    });
    expect(fs.snapshot()).toEqual({ "/proj/x/inner.txt": "i\n" });
  });

  it("a write failure restores the files already changed and says so", async () => {
    const fs = new MemoryPatchFs({ "/proj/a.txt": "a\n", "/proj/gone.txt": "g\n" });
    fs.failWrite.add("/proj/z.txt");
    const planned = await plan(fs, "*** Update File: a.txt\n@@\n-a\n+A\n*** Delete File: gone.txt\n*** Add File: z.txt\n+z");
    if (!planned.ok) throw new Error(planned.error);
    expect(await applyPlan(planned.plan, fs)).toEqual({
      ok: false,
      error: "Failed to write file /proj/z.txt: Permission denied (os error 13)",
      rolledBack: true,
    });
    expect(fs.snapshot()).toEqual({ "/proj/a.txt": "a\n", "/proj/gone.txt": "g\n" });
  });

  it("a failed removal of a move source says `Failed to remove original`", async () => {
    const fs = new MemoryPatchFs({ "/proj/a.txt": "a\n" });
    fs.failRemove.add("/proj/a.txt");
    const planned = await plan(fs, "*** Update File: a.txt\n*** Move to: b.txt\n@@\n-a\n+b");
    if (!planned.ok) throw new Error(planned.error);
    expect(await applyPlan(planned.plan, fs)).toEqual({
      ok: false,
      error: "Failed to remove original /proj/a.txt: Permission denied (os error 13)",
      rolledBack: true,
    });
    expect(fs.snapshot()).toEqual({ "/proj/a.txt": "a\n" });
  });

  it("reports a rollback that could not restore everything", async () => {
    const fs = new MemoryPatchFs({ "/proj/a.txt": "a\n" });
    const planned = await plan(fs, "*** Update File: a.txt\n@@\n-a\n+A\n*** Add File: c.txt\n+c");
    if (!planned.ok) throw new Error(planned.error);
    // c.txt cannot be written, and from then on a.txt cannot be written back either.
    fs.failWrite.add("/proj/c.txt");
    const write = fs.writeFile.bind(fs);
    fs.writeFile = async (p, content) => {
      if (p === "/proj/c.txt") fs.failWrite.add("/proj/a.txt");
      return write(p, content);
    };
    expect(await applyPlan(planned.plan, fs)).toEqual({
      ok: false,
      error: "Failed to write file /proj/c.txt: Permission denied (os error 13)",
      rolledBack: false,
    });
    expect(fs.snapshot()).toEqual({ "/proj/a.txt": "A\n" });
  });
});

describe("patchSummary", () => {
  it("lists nothing but the header for no changes", () => {
    expect(patchSummary([])).toBe("Success. Updated the following files:\n");
  });
});
