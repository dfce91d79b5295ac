// The apply_patch tool handlers: specs, events, outputs, sandbox rejections and turn_diff.

import { describe, expect, it } from "vitest";
import { FULL_ACCESS, silentLogger, type EventMsg, type SandboxPolicy } from "../../../../src/protocol/index.js";
import {
  applyPatchFunctionTool,
  applyPatchText,
  applyPatchTool,
  type ApplyPatchToolOptions,
} from "../../../../src/tools/apply-patch-tool.js";
import { APPLY_PATCH_LARK_GRAMMAR } from "../../../../src/tools/apply-patch/apply-patch-specs.js";
import { TurnDiffTracker } from "../../../../src/tools/apply-patch/turn-diff-tracker.js";
import type { ToolCall, ToolContext } from "../../../../src/tools/tool-router.js";
import { MemoryPatchFs } from "./memory-patch-fs.js";

const CWD = "/proj";
/** The workspace-write policy of a run in /proj with $TMPDIR=/var/tmpdir and `extra` writable roots. */
const workspaceWrite = (extra: readonly string[] = []): SandboxPolicy => ({
  mode: "workspace-write",
  writableRoots: [CWD, ...extra, "/tmp", "/var/tmpdir"],
  readOnlySubpaths: [`${CWD}/.git`, `${CWD}/.codex`, `${CWD}/.agents`],
  networkAccess: false,
});
const READ_ONLY: SandboxPolicy = { mode: "read-only", writableRoots: [], readOnlySubpaths: [], networkAccess: false };
const wrap = (body: string): string => `*** Begin Patch\n${body}\n*** End Patch`;
const custom = (input: string): ToolCall => ({ kind: "custom", name: "apply_patch", input, callId: "call-1" });
const fn = (args: string): ToolCall => ({ kind: "function", name: "apply_patch", arguments: args, callId: "call-1" });

function setup(
  files: Record<string, string> = {},
  ctxOverrides: Partial<ToolContext> = {},
  options: Partial<ApplyPatchToolOptions> = {},
): { fs: MemoryPatchFs; ctx: ToolContext; events: EventMsg[]; options: ApplyPatchToolOptions } {
  const fs = new MemoryPatchFs(files);
  const events: EventMsg[] = [];
  // A clock that advances 1234 ms per reading: every run reports a wall time of 1.2 seconds.
  let t = 0;
  const now = (): number => (t += 1234);
  const ctx: ToolContext = {
    cwd: CWD,
    signal: new AbortController().signal,
    callId: "call-1",
    threadId: "thread-1",
    sandbox: workspaceWrite(),
    emit: (msg) => events.push(msg),
    logger: silentLogger,
    ...ctxOverrides,
  };
  return { fs, ctx, events, options: { fs, now, ...options } };
}

describe("specs", () => {
  it("freeform: a custom tool with our Lark grammar", () => {
    const spec = applyPatchTool().spec;
    expect(spec).toEqual({
      type: "custom",
      name: "apply_patch",
      description: expect.stringContaining("do not wrap it in JSON"),
      format: { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR },
    });
    expect(APPLY_PATCH_LARK_GRAMMAR).toMatch(/^start: /);
    for (const literal of ["*** Begin Patch", "*** End Patch", "*** Add File: ", "*** Delete File: ", "*** Update File: ", "*** Move to: ", "*** End of File", "@@ "]) {
      expect(APPLY_PATCH_LARK_GRAMMAR).toContain(`"${literal}"`);
    }
    expect(APPLY_PATCH_LARK_GRAMMAR).toContain("%import common.LF");
  });

  it("function: {input} with additionalProperties false and a description that teaches the format", () => {
    const spec = applyPatchFunctionTool().spec;
    expect(spec).toEqual({
      type: "function",
      name: "apply_patch",
      description: expect.any(String),
      strict: false,
      parameters: {
        type: "object",
        properties: { input: { type: "string", description: expect.any(String) } },
        required: ["input"],
        additionalProperties: false,
      },
    });
    for (const phrase of ["*** Begin Patch", "*** Add File:", "*** Delete File:", "*** Update File:", "*** Move to:", "@@", "*** End of File"]) {
      expect(spec["description"]).toContain(phrase);
    }
  });

  it("neither tool runs in parallel", () => {
    expect(applyPatchTool().parallelSafe).toBe(false);
    expect(applyPatchFunctionTool().parallelSafe).toBe(false);
  });
});

describe("success", () => {
  it("emits begin/end with absolute paths and returns the freeform output", async () => {
    const { fs, ctx, events, options } = setup({ "/proj/mod.txt": "a\nb\n", "/proj/old.txt": "x\n", "/proj/gone.txt": "g\n" });
    const result = await applyPatchTool(options).handle(
      custom(wrap("*** Add File: new/file.txt\n+hello\n*** Update File: mod.txt\n@@\n a\n-b\n+B\n*** Update File: old.txt\n*** Move to: moved.txt\n@@\n-x\n+y\n*** Delete File: gone.txt")),
      ctx,
    );
    const summary = "Success. Updated the following files:\nA new/file.txt\nM mod.txt\nM moved.txt\nD gone.txt\n";
    expect(result).toEqual({ output: `Exit code: 0\nWall time: 1.2 seconds\nOutput:\n${summary}`, success: true });
    // Sorted by path, as codex lists them; a move is named by its source.
    const changes = [
      { path: "/proj/gone.txt", kind: "delete" },
      { path: "/proj/mod.txt", kind: "update" },
      { path: "/proj/new/file.txt", kind: "add" },
      { path: "/proj/old.txt", kind: "update", move_path: "/proj/moved.txt" },
    ];
    expect(events).toEqual([
      { type: "patch_apply_begin", call_id: "call-1", changes },
      { type: "patch_apply_end", call_id: "call-1", changes, status: "completed", stdout: summary, stderr: "" },
    ]);
    expect(fs.snapshot()).toEqual({ "/proj/mod.txt": "a\nB\n", "/proj/moved.txt": "y\n", "/proj/new/file.txt": "hello\n" });
  });

  it("the function variant takes {input} and answers in codex's JSON form", async () => {
    const { fs, ctx, options } = setup();
    const result = await applyPatchFunctionTool(options).handle(fn(JSON.stringify({ input: wrap("*** Add File: a.txt\n+a") })), ctx);
    expect(result).toEqual({
      output: JSON.stringify({ output: "Success. Updated the following files:\nA a.txt\n", metadata: { exit_code: 0, duration_seconds: 1.2 } }),
      success: true,
    });
    expect(fs.snapshot()).toEqual({ "/proj/a.txt": "a\n" });
  });

  it("a whole-second wall time keeps one decimal in the JSON form", async () => {
    let t = 0;
    const { ctx, options } = setup({}, {}, { now: () => (t += 2000) });
    const result = await applyPatchFunctionTool(options).handle(fn(JSON.stringify({ input: wrap("*** Add File: a.txt\n+a") })), ctx);
    expect(result.output).toContain('"metadata":{"exit_code":0,"duration_seconds":2.0}');
  });

  it("either handler accepts either call kind", async () => {
    const { ctx, options } = setup();
    expect((await applyPatchTool(options).handle(fn(JSON.stringify({ input: wrap("*** Add File: a\n+a") })), ctx)).success).toBe(true);
    expect((await applyPatchFunctionTool(options).handle(custom(wrap("*** Add File: b\n+b")), ctx)).success).toBe(true);
  });

  it("the real clock reports a small wall time", async () => {
    const { ctx, options } = setup();
    const { now: _drop, ...rest } = options;
    const result = await applyPatchTool(rest).handle(custom(wrap("*** Add File: a\n+a")), ctx);
    expect(result.output).toMatch(/^Exit code: 0\nWall time: \d+(\.\d)? seconds\nOutput:\nSuccess/);
  });
});

describe("argument and verification failures: nothing written; a patch that does not verify ends a failed file_change", () => {
  it.each<{ name: string; args: string; output: RegExp }>([
    { name: "bad JSON", args: "{not json", output: /^failed to parse function arguments: .+/ },
    { name: "missing input", args: "{}", output: /^failed to parse function arguments: input: .+/ },
    { name: "input not a string", args: '{"input": 3}', output: /^failed to parse function arguments: input: .+/ },
  ])("$name", async ({ args, output }) => {
    const { ctx, events, options } = setup();
    const result = await applyPatchFunctionTool(options).handle(fn(args), ctx);
    expect(result.success).toBe(false);
    expect(result.output).toMatch(output);
    expect(events).toEqual([]);
  });

  it.each<{ name: string; patch: string; output: string; changes: unknown[] }>([
    {
      name: "parse error",
      changes: [],
      patch: "*** Begin Patch\n*** Frobnicate File: foo\n*** End Patch",
      output:
        "apply_patch verification failed: invalid hunk at line 2, '*** Frobnicate File: foo' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'",
    },
    {
      name: "not a patch",
      patch: "hello",
      output: "apply_patch verification failed: invalid patch: The first line of the patch must be '*** Begin Patch'",
      changes: [],
    },
    { name: "empty patch", patch: "*** Begin Patch\n*** End Patch", output: "apply_patch verification failed: No files were modified.", changes: [] },
    {
      name: "missing lines, after an add that must not happen",
      patch: wrap("*** Add File: created.txt\n+x\n*** Update File: keep.txt\n@@\n-absent\n+y"),
      output: "apply_patch verification failed: Failed to find expected lines in /proj/keep.txt:\nabsent",
      changes: [
        { path: "/proj/created.txt", kind: "add" },
        { path: "/proj/keep.txt", kind: "update" },
      ],
    },
    {
      name: "missing file to update, listed with its move and the other hunks, sorted by path",
      patch: wrap("*** Update File: sub/../nope.txt\n*** Move to: dest.txt\n@@\n-a\n+b\n*** Delete File: keep.txt"),
      output: "apply_patch verification failed: Failed to read file to update /proj/nope.txt: No such file or directory (os error 2)",
      changes: [
        { path: "/proj/keep.txt", kind: "delete" },
        { path: "/proj/nope.txt", kind: "update", move_path: "/proj/dest.txt" },
      ],
    },
  ])("$name", async ({ patch, output, changes }) => {
    const { fs, ctx, events, options } = setup({ "/proj/keep.txt": "k\n" });
    const result = await applyPatchTool(options).handle(custom(patch), ctx);
    expect(result).toEqual({ output, success: false });
    // Only an end: nothing began. The user sees the model's reason.
    expect(events).toEqual([{ type: "patch_apply_end", call_id: "call-1", changes, status: "failed", stdout: "", stderr: `${output}\n` }]);
    expect(fs.snapshot()).toEqual({ "/proj/keep.txt": "k\n" });
    expect(fs.log).toEqual([]);
  });
});

describe("sandbox", () => {
  const declined = (stderr: string, changes: unknown[]): EventMsg[] =>
    [
      { type: "patch_apply_begin", call_id: "call-1", changes },
      { type: "patch_apply_end", call_id: "call-1", changes, status: "declined", stdout: "", stderr },
    ] as EventMsg[];

  it("read-only rejects every write, with declined events", async () => {
    const { fs, ctx, events, options } = setup({}, { sandbox: READ_ONLY });
    const result = await applyPatchTool(options).handle(custom(wrap("*** Add File: a.txt\n+a")), ctx);
    const message = "patch rejected: writing is blocked by read-only sandbox; rejected by user approval settings";
    expect(result).toEqual({ output: message, success: false });
    expect(events).toEqual(declined(message, [{ path: "/proj/a.txt", kind: "add" }]));
    expect(fs.snapshot()).toEqual({});
  });

  const OUTSIDE = "patch rejected: writing outside of the project; rejected by user approval settings";

  it.each<{ name: string; body: string; files?: Record<string, string>; roots?: string[]; policy?: SandboxPolicy; allowed: boolean }>([
    { name: "inside cwd", body: "*** Add File: sub/a.txt\n+a", allowed: true },
    { name: "absolute path outside", body: "*** Add File: /etc/evil\n+a", allowed: false },
    { name: "`..` escaping cwd", body: "*** Add File: sub/../../outside.txt\n+a", allowed: false },
    { name: "`..` staying inside cwd", body: "*** Add File: sub/../inside.txt\n+a", allowed: true },
    { name: "sibling with the cwd as prefix", body: "*** Add File: /projx/a.txt\n+a", allowed: false },
    { name: "/tmp", body: "*** Add File: /tmp/scratch/a.txt\n+a", allowed: true },
    { name: "the temp dir", body: "*** Add File: /var/tmpdir/a.txt\n+a", allowed: true },
    { name: "a configured writable root", body: "*** Add File: /data/out.txt\n+a", roots: ["/data"], allowed: true },
    {
      name: "a move whose destination is outside",
      body: "*** Update File: a.txt\n*** Move to: /elsewhere/a.txt\n@@\n-a\n+b",
      files: { "/proj/a.txt": "a\n" },
      allowed: false,
    },
    { name: "a delete outside", body: "*** Delete File: /data/x", files: { "/data/x": "x\n" }, allowed: false },
    { name: "into .git", body: "*** Add File: .git/hooks/pre-commit\n+evil", allowed: false },
    {
      name: "an update inside .git",
      body: "*** Update File: .git/config\n@@\n-a\n+b",
      files: { "/proj/.git/config": "a\n" },
      allowed: false,
    },
    { name: "creating .codex/x", body: "*** Add File: .codex/x\n+a", allowed: false },
    { name: "into .agents", body: "*** Add File: .agents/x\n+a", allowed: false },
    { name: "a name that merely starts with .git", body: "*** Add File: .github/workflows/ci.yml\n+a", allowed: true },
    { name: "a .git deeper down is not protected", body: "*** Add File: vendor/.gitkeep\n+a", allowed: true },
    { name: "danger-full-access allows anything", body: "*** Add File: /etc/ok\n+a", policy: FULL_ACCESS, allowed: true },
    { name: "danger-full-access allows .git", body: "*** Add File: .git/x\n+a", policy: FULL_ACCESS, allowed: true },
  ])("workspace-write: $name", async ({ body, files = {}, roots = [], policy, allowed }) => {
    const { fs, ctx, events, options } = setup(files, { sandbox: policy ?? workspaceWrite(roots) });
    const before = fs.snapshot();
    const result = await applyPatchTool(options).handle(custom(wrap(body)), ctx);
    if (allowed) {
      expect(result.success).toBe(true);
      expect(events.at(-1)).toMatchObject({ type: "patch_apply_end", status: "completed" });
    } else {
      expect(result).toEqual({ output: OUTSIDE, success: false });
      expect(events.map((e) => (e.type === "patch_apply_end" ? e.status : e.type))).toEqual(["patch_apply_begin", "declined"]);
      expect(fs.snapshot()).toEqual(before);
    }
  });

  it("a patch run from another directory (cd dir && apply_patch) is still checked against ctx.cwd", async () => {
    const { fs, ctx, options } = setup({ "/other/a.txt": "a\n" });
    const result = await applyPatchText(wrap("*** Update File: a.txt\n@@\n-a\n+b"), "/other", ctx, options);
    expect(result).toEqual({ output: OUTSIDE, success: false, exec: null });
    expect(fs.snapshot()).toEqual({ "/other/a.txt": "a\n" });
  });
});

describe("write failures", () => {
  it("exit 1, failed end event, the error and the rollback note", async () => {
    const { fs, ctx, events, options } = setup({ "/proj/a.txt": "a\n" });
    fs.failWrite.add("/proj/b.txt");
    const result = await applyPatchTool(options).handle(custom(wrap("*** Update File: a.txt\n@@\n-a\n+A\n*** Add File: b.txt\n+b")), ctx);
    const stderr =
      "Failed to write file /proj/b.txt: Permission denied (os error 13)\nNo files were changed: the files already written were restored.\n";
    expect(result).toEqual({ output: `Exit code: 1\nWall time: 1.2 seconds\nOutput:\n${stderr}`, success: false });
    expect(events.at(-1)).toEqual({
      type: "patch_apply_end",
      call_id: "call-1",
      changes: [
        { path: "/proj/a.txt", kind: "update" },
        { path: "/proj/b.txt", kind: "add" },
      ],
      status: "failed",
      stdout: "",
      stderr,
    });
    expect(fs.snapshot()).toEqual({ "/proj/a.txt": "a\n" });
  });
});

describe("turn_diff", () => {
  it("emits the cumulative diff after each successful patch", async () => {
    const { fs, ctx, events, options } = setup({ "/proj/mod.txt": "one\ntwo\n", "/proj/del.txt": "bye\n" });
    const tool = applyPatchTool({ ...options, turnDiff: new TurnDiffTracker(fs) });
    await tool.handle(custom(wrap("*** Add File: add.txt\n+hi\n*** Update File: mod.txt\n@@\n one\n-two\n+TWO\n*** Delete File: del.txt")), ctx);
    const first = [
      "diff --git a/add.txt b/add.txt",
      "new file mode 100644",
      "index 0000000000000000000000000000000000000000..45b983be36b73c0788dc9cbcb76cbb80fc7bb057",
      "--- /dev/null",
      "+++ b/add.txt",
      "@@ -0,0 +1 @@",
      "+hi",
      "diff --git a/del.txt b/del.txt",
      "deleted file mode 100644",
      "index b023018cabc396e7692c70bbf5784a93d3f738ab..0000000000000000000000000000000000000000",
      "--- a/del.txt",
      "+++ /dev/null",
      "@@ -1 +0,0 @@",
      "-bye",
      "diff --git a/mod.txt b/mod.txt",
      "index 814f4a422927b82f5f8a43f8fab6d3839e3983f2..879de50b9a967adae6ab5fe536d4ef6e0af21bb1 100644",
      "--- a/mod.txt",
      "+++ b/mod.txt",
      "@@ -1,2 +1,2 @@",
      " one",
      "-two",
      "+TWO",
      "",
    ].join("\n");
    expect(events.map((e) => e.type)).toEqual(["patch_apply_begin", "patch_apply_end", "turn_diff"]);
    expect(events.at(-1)).toEqual({ type: "turn_diff", unified_diff: first });

    await tool.handle(custom(wrap("*** Update File: add.txt\n@@\n-hi\n+hello")), ctx);
    // add.txt now holds "hello\n": its new blob id and its added line change.
    const second = first
      .replace("..45b983be36b73c0788dc9cbcb76cbb80fc7bb057\n", "..ce013625030ba8dba906f756967f9e9ca394464a\n")
      .replace("+hi", "+hello");
    expect(events.at(-1)).toEqual({ type: "turn_diff", unified_diff: second });
  });

  it("takes a getter for the current turn's tracker, and emits nothing when the turn nets no change", async () => {
    const { fs, ctx, events, options } = setup({ "/proj/a.txt": "a\n" });
    let current: TurnDiffTracker | undefined;
    const tool = applyPatchTool({ ...options, turnDiff: () => current });
    await tool.handle(custom(wrap("*** Update File: a.txt\n@@\n-a\n+b")), ctx);
    expect(events.map((e) => e.type)).toEqual(["patch_apply_begin", "patch_apply_end"]);

    current = new TurnDiffTracker(fs);
    await tool.handle(custom(wrap("*** Update File: a.txt\n@@\n-b\n+c")), ctx);
    await tool.handle(custom(wrap("*** Update File: a.txt\n@@\n-c\n+b")), ctx);
    expect(events.filter((e) => e.type === "turn_diff")).toEqual([
      {
        type: "turn_diff",
        unified_diff: [
          "diff --git a/a.txt b/a.txt",
          "index 61780798228d17af2d34fce4cfbdf35556832472..f2ad6c76f0115a6ba5b00456a849810e7ec0af20 100644",
          "--- a/a.txt",
          "+++ b/a.txt",
          "@@ -1 +1 @@",
          "-b",
          "+c",
          "",
        ].join("\n"),
      },
    ]);
  });

  it("no turn_diff for rejected or failed patches", async () => {
    const { fs, ctx, events, options } = setup({}, { sandbox: READ_ONLY });
    await applyPatchTool({ ...options, turnDiff: new TurnDiffTracker(fs) }).handle(custom(wrap("*** Add File: a\n+a")), ctx);
    expect(events.some((e) => e.type === "turn_diff")).toBe(false);
  });
});

describe("applyPatchText (shell interception)", () => {
  it("resolves paths against the given directory and exposes the raw run", async () => {
    const { fs, ctx, events, options } = setup({ "/proj/sub/a.txt": "a\n" });
    const run = await applyPatchText(wrap("*** Update File: a.txt\n@@\n-a\n+b"), "/proj/sub", ctx, options);
    expect(run).toEqual({
      output: "Exit code: 0\nWall time: 1.2 seconds\nOutput:\nSuccess. Updated the following files:\nM a.txt\n",
      success: true,
      exec: { exitCode: 0, stdout: "Success. Updated the following files:\nM a.txt\n", stderr: "", durationMs: 1234 },
    });
    expect(events[0]).toEqual({ type: "patch_apply_begin", call_id: "call-1", changes: [{ path: "/proj/sub/a.txt", kind: "update" }] });
    expect(fs.snapshot()).toEqual({ "/proj/sub/a.txt": "b\n" });
  });

  it("accepts a literal heredoc wrapper around the patch", async () => {
    const { fs, ctx, options } = setup();
    const run = await applyPatchText(`<<'EOF'\n${wrap("*** Add File: a\n+a")}\nEOF\n`, CWD, ctx, options);
    expect(run.success).toBe(true);
    expect(fs.snapshot()).toEqual({ "/proj/a": "a\n" });
  });
});
