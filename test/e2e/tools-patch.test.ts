// End to end: apply_patch (freeform, JSON function, and intercepted from exec_command) through the built binary.

import { existsSync, realpathSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reply, responseIdsOf, type RecordedRequest } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence, splitFooter } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

type InputItem = Record<string, unknown>;

const patchCall = (input: string, callId: string) => ({ customToolCall: { name: "apply_patch", input, callId } });

/** The `output` text of the `<type>` item answering `callId` in a request (throws if absent or not text). */
function toolOutput(req: RecordedRequest | undefined, callId: string, type = "custom_tool_call_output"): string {
  const input = (req?.body["input"] ?? []) as InputItem[];
  const item = input.find((i) => i["type"] === type && i["call_id"] === callId);
  if (item === undefined) throw new Error(`no ${type} for ${callId}`);
  const out = item["output"];
  if (typeof out !== "string") throw new Error(`output of ${callId} is not text: ${JSON.stringify(out)}`);
  return out;
}

/** Every file and directory under `root` except `.git`: relative path → content (directories → `<dir>`). */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.name === ".git" && dir === root) continue;
      const abs = path.join(dir, e.name);
      const rel = path.relative(root, abs);
      if (e.isDirectory()) {
        out[`${rel}/`] = "<dir>";
        await walk(abs);
      } else {
        out[rel] = (await readFile(abs)).toString("base64");
      }
    }
  };
  await walk(root);
  return out;
}

const MULTI_PATCH = `*** Begin Patch
*** Add File: new/added.txt
+fresh line
*** Update File: a.txt
@@
 one
-two
+TWO
 three
*** Delete File: gone.txt
*** Update File: old.txt
*** Move to: moved/renamed.txt
@@
-keep
+kept
*** End Patch`;

const MULTI_FILES = { "a.txt": "one\ntwo\nthree\n", "gone.txt": "bye\n", "old.txt": "keep\n" };

const WRITE = ["-s", "workspace-write"];

describe.concurrent("apply_patch", () => {
  it("freeform add + update + delete + move: files on disk, file_change items, output to the model", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([patchCall(MULTI_PATCH, "call_p")]), reply([{ message: "patched" }])], {
      files: MULTI_FILES,
    });
    const r = await runCli(["--json", ...WRITE, "edit"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);

    const repo = realpathSync(ws.repo);
    expect(await snapshot(ws.repo)).toEqual({
      "a.txt": Buffer.from("one\nTWO\nthree\n").toString("base64"),
      "new/": "<dir>",
      "new/added.txt": Buffer.from("fresh line\n").toString("base64"),
      "moved/": "<dir>",
      "moved/renamed.txt": Buffer.from("kept\n").toString("base64"),
    });

    const tools = mock.requests[0]?.body["tools"] as Array<{ type: string; name?: string }>;
    expect(tools.filter((t) => t.name === "apply_patch")).toEqual([expect.objectContaining({ type: "custom", name: "apply_patch" })]);

    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.started:file_change",
      "item.completed:file_change",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    // As codex: sorted by path, and a move named by its source with kind `update`; `move_path` is our addition.
    const changes = [
      { path: path.join(repo, "a.txt"), kind: "update" },
      { path: path.join(repo, "gone.txt"), kind: "delete" },
      { path: path.join(repo, "new/added.txt"), kind: "add" },
      { path: path.join(repo, "old.txt"), kind: "update", move_path: path.join(repo, "moved/renamed.txt") },
    ];
    expect(events[2]).toEqual({ type: "item.started", item: { id: "item_0", type: "file_change", changes, status: "in_progress" } });
    expect(events[3]).toEqual({ type: "item.completed", item: { id: "item_0", type: "file_change", changes, status: "completed" } });

    const out = toolOutput(mock.requests[1], "call_p");
    expect(out).toMatch(/^Exit code: 0\nWall time: \d+(\.\d)? seconds\nOutput:\n/);
    expect(out).toContain(
      "Output:\nSuccess. Updated the following files:\nA new/added.txt\nM a.txt\nM moved/renamed.txt\nD gone.txt\n",
    );
  });

  it("human mode: apply patch / patch: completed / absolute paths / the turn's unified diff", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([patchCall(MULTI_PATCH, "call_ph")]), reply([{ message: "patched" }])], {
      files: MULTI_FILES,
    });
    const r = await runCli(["--color", "never", ...WRITE, "edit"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const repo = realpathSync(ws.repo);
    const paths = ["a.txt", "gone.txt", "new/added.txt", "old.txt"].map((p) => `${path.join(repo, p)}\n`).join("");
    const head = `\napply patch\npatch: completed\n${paths}diff --git a/`;
    expect(r.stderr).toContain(head);
    const diff = r.stderr.slice(r.stderr.indexOf(head) + head.length - "diff --git a/".length, r.stderr.indexOf("\ncodex\npatched\n") + 1);
    expect(diff).toContain("diff --git a/a.txt b/a.txt\n");
    expect(diff).toContain("--- a/a.txt\n+++ b/a.txt\n");
    expect(diff).toContain("@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n");
    expect(diff).toContain("diff --git a/new/added.txt b/new/added.txt\nnew file mode 100644\n");
    expect(diff).toContain("--- /dev/null\n+++ b/new/added.txt\n@@ -0,0 +1 @@\n+fresh line\n");
    expect(diff).toContain("diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\n");
    expect(diff).toContain("--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n");
    expect(diff).toMatch(/diff --git a\/old\.txt b\/moved\/renamed\.txt\n/);
    expect(diff).toContain("-keep\n+kept\n");
    expect(r.stdout).toBe("patched\n");
  });

  it("a patch that fails verification changes nothing, tells the model, ends a failed file_change (codex shows none); exit 0", async (ctx) => {
    const patch = `*** Begin Patch
*** Add File: b.txt
+would be added
*** Update File: a.txt
@@
-this line is not there
+replacement
*** End Patch`;
    const { ws, mock } = await scenario(ctx, [reply([patchCall(patch, "call_bad")]), reply([{ message: "could not" }])], {
      files: { "a.txt": "alpha\nbeta\n", "dir/c.txt": "gamma\n" },
    });
    const before = await snapshot(ws.repo);
    const r = await runCli(["--json", ...WRITE, "edit"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(await snapshot(ws.repo)).toEqual(before);
    expect(existsSync(path.join(ws.repo, "b.txt"))).toBe(false);

    const out = toolOutput(mock.requests[1], "call_bad");
    expect(out.startsWith("apply_patch verification failed: ")).toBe(true);
    expect(out).toContain("a.txt");
    expect(out).toContain("this line is not there");

    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.completed:file_change",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    const repo = realpathSync(ws.repo);
    const changes = [
      { path: path.join(repo, "a.txt"), kind: "update" },
      { path: path.join(repo, "b.txt"), kind: "add" },
    ];
    expect(events[2]).toEqual({ type: "item.completed", item: { id: "item_0", type: "file_change", changes, status: "failed" } });
  });

  it("a patch that does not parse, sent through exec_command: a failed file_change with no changes", async (ctx) => {
    const cmd = "apply_patch <<'EOF'\n*** Begin Patch\n*** Frobnicate File: x\n*** End Patch\nEOF";
    const { ws, mock } = await scenario(ctx, [
      reply([{ functionCall: { name: "exec_command", arguments: { cmd }, callId: "call_inv" } }]),
      reply([{ message: "could not" }]),
    ]);
    const r = await runCli(["--json", ...WRITE, "--fail-on-tool-error", "edit"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(4);
    expect(toolOutput(mock.requests[1], "call_inv", "function_call_output")).toContain("apply_patch verification failed: invalid hunk at line 2");
    const events = parseJsonl(r.stdout);
    expect(events[2]).toEqual({ type: "item.completed", item: { id: "item_0", type: "file_change", changes: [], status: "failed" } });
    expect(sequence(events)).not.toContain("item.completed:command_execution");
  });

  it("human mode: a failed verification shows `patch: failed`, the paths and the reason; no apply patch block, no diff", async (ctx) => {
    const patch = "*** Begin Patch\n*** Update File: a.txt\n@@\n-missing\n+x\n*** End Patch";
    const { ws } = await scenario(ctx, [reply([patchCall(patch, "call_badh")]), reply([{ message: "could not" }])], {
      files: { "a.txt": "alpha\n" },
    });
    const r = await runCli(["--color", "never", ...WRITE, "edit"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const file = path.join(realpathSync(ws.repo), "a.txt");
    expect(r.stderr).toContain(
      `\npatch: failed\n${file}\napply_patch verification failed: Failed to find expected lines in ${file}:\nmissing\ncodex\ncould not\n`,
    );
    expect(r.stderr).not.toContain("apply patch");
    expect(r.stderr).not.toContain("diff --git");
    expect(await readFile(path.join(ws.repo, "a.txt"), "utf8")).toBe("alpha\n");
  });

  it("under the default read-only sandbox the patch is declined: file_change failed, nothing written", async (ctx) => {
    const patch = "*** Begin Patch\n*** Add File: nope.txt\n+no\n*** Update File: a.txt\n@@\n-alpha\n+ALPHA\n*** End Patch";
    const { ws, mock } = await scenario(ctx, [reply([patchCall(patch, "call_ro")]), reply([{ message: "declined" }])], {
      files: { "a.txt": "alpha\n" },
    });
    const before = await snapshot(ws.repo);
    const r = await runCli(["--json", "edit"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(await snapshot(ws.repo)).toEqual(before);

    const repo = realpathSync(ws.repo);
    const changes = [
      { path: path.join(repo, "a.txt"), kind: "update" },
      { path: path.join(repo, "nope.txt"), kind: "add" },
    ];
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.started:file_change",
      "item.completed:file_change",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(events[2]).toEqual({ type: "item.started", item: { id: "item_0", type: "file_change", changes, status: "in_progress" } });
    expect(events[3]).toEqual({ type: "item.completed", item: { id: "item_0", type: "file_change", changes, status: "failed" } });
    expect(toolOutput(mock.requests[1], "call_ro")).toBe(
      "patch rejected: writing is blocked by read-only sandbox; rejected by user approval settings",
    );
  });

  it("human mode: a declined patch shows `patch: declined` and no diff", async (ctx) => {
    const patch = "*** Begin Patch\n*** Add File: nope.txt\n+no\n*** End Patch";
    const { ws } = await scenario(ctx, [reply([patchCall(patch, "call_roh")]), reply([{ message: "declined" }])]);
    const r = await runCli(["--color", "never", "edit"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const repo = realpathSync(ws.repo);
    expect(r.stderr).toContain(`\napply patch\npatch: declined\n${path.join(repo, "nope.txt")}\ncodex\ndeclined\n`);
    expect(r.stderr).not.toContain("diff --git");
    expect(existsSync(path.join(ws.repo, "nope.txt"))).toBe(false);
  });

  it("exec_command `apply_patch <<'EOF'` is intercepted: file created, a file_change item and no command_execution", async (ctx) => {
    const cmd = "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: hello.txt\n+hello world\n*** End Patch\nEOF";
    const { ws, mock } = await scenario(ctx, [
      reply([{ functionCall: { name: "exec_command", arguments: { cmd }, callId: "call_hd" } }]),
      reply([{ message: "created" }]),
    ]);
    const r = await runCli(["--json", ...WRITE, "create"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(await readFile(path.join(ws.repo, "hello.txt"), "utf8")).toBe("hello world\n");

    const repo = realpathSync(ws.repo);
    const changes = [{ path: path.join(repo, "hello.txt"), kind: "add" }];
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.started:file_change",
      "item.completed:file_change",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(events[3]).toEqual({ type: "item.completed", item: { id: "item_0", type: "file_change", changes, status: "completed" } });
    const out = toolOutput(mock.requests[1], "call_hd", "function_call_output");
    expect(out).toContain("Success. Updated the following files:\nA hello.txt\n");
  });

  it("a model without freeform support gets the JSON function apply_patch, and {input: patch} works", async (ctx) => {
    const patch = "*** Begin Patch\n*** Add File: fn.txt\n+via function\n*** Update File: a.txt\n@@\n-alpha\n+ALPHA\n*** End Patch";
    const { ws, mock } = await scenario(
      ctx,
      [reply([{ functionCall: { name: "apply_patch", arguments: { input: patch }, callId: "call_fn" } }]), reply([{ message: "ok" }])],
      { files: { "a.txt": "alpha\n" } },
    );
    const r = await runCli(["--json", ...WRITE, "-m", "some-local-model", "edit"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.body["model"]).toBe("some-local-model");
    const tools = mock.requests[0]?.body["tools"] as Array<Record<string, unknown>>;
    const ap = tools.filter((t) => t["name"] === "apply_patch");
    expect(ap).toHaveLength(1);
    expect(ap[0]).toMatchObject({
      type: "function",
      name: "apply_patch",
      parameters: { type: "object", properties: { input: { type: "string" } }, required: ["input"] },
    });
    expect(tools.some((t) => t["type"] === "custom")).toBe(false);

    expect(await readFile(path.join(ws.repo, "fn.txt"), "utf8")).toBe("via function\n");
    expect(await readFile(path.join(ws.repo, "a.txt"), "utf8")).toBe("ALPHA\n");

    const out = JSON.parse(toolOutput(mock.requests[1], "call_fn", "function_call_output")) as {
      output: string;
      metadata: { exit_code: number; duration_seconds: number };
    };
    expect(out.output).toBe("Success. Updated the following files:\nA fn.txt\nM a.txt\n");
    expect(out.metadata.exit_code).toBe(0);
    expect(typeof out.metadata.duration_seconds).toBe("number");

    const repo = realpathSync(ws.repo);
    const events = parseJsonl(r.stdout);
    const fileItems = events.filter((e) => "item" in e && e.item.type === "file_change");
    expect(fileItems).toEqual([
      {
        type: "item.started",
        item: {
          id: expect.stringMatching(/^item_\d+$/),
          type: "file_change",
          changes: [
            { path: path.join(repo, "a.txt"), kind: "update" },
            { path: path.join(repo, "fn.txt"), kind: "add" },
          ],
          status: "in_progress",
        },
      },
      {
        type: "item.completed",
        item: {
          id: expect.stringMatching(/^item_\d+$/),
          type: "file_change",
          changes: [
            { path: path.join(repo, "a.txt"), kind: "update" },
            { path: path.join(repo, "fn.txt"), kind: "add" },
          ],
          status: "completed",
        },
      },
    ]);
    expect(sequence(events).slice(-2)).toEqual(["item.completed:agent_message", "turn.completed"]);
  });

  // spec exec-frontend §5.5: reasoning + exec_command, then an apply_patch adding hello.txt, then a message.
  const specSteps = () => [
    reply([{ reasoning: "**Planning** I will run a command." }, { functionCall: { name: "exec_command", arguments: { cmd: "echo hello" }, callId: "call_s1" } }], {
      input_tokens: 100,
      cached: 20,
      output_tokens: 10,
      reasoning: 4,
    }),
    reply([patchCall("*** Begin Patch\n*** Add File: hello.txt\n+hello world\n*** End Patch", "call_s2")], {
      input_tokens: 200,
      cached: 50,
      output_tokens: 20,
    }),
    reply([{ message: "Done. Created hello.txt." }], { input_tokens: 300, cached: 100, output_tokens: 30 }),
  ];

  it("spec §5.5: the JSONL stream of command → patch → message, byte for byte after the thread id", async (ctx) => {
    const steps = specSteps();
    const { ws, mock } = await scenario(ctx, steps);
    const r = await runCli(["--json", ...WRITE, "-o", "last.txt", "create hello.txt"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const repo = realpathSync(ws.repo);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^\{"type":"thread\.started","thread_id":"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"\}$/);
    // Our additive field, the last key of turn.completed: the three responses' ids, in order.
    const ids = responseIdsOf(...steps);
    expect(ids).toHaveLength(3);
    const ours = `,"response_ids":${JSON.stringify(ids)}`;
    const turnCompleted = lines.at(-2) ?? "";
    expect(turnCompleted.endsWith(`${ours}}`)).toBe(true);
    expect((JSON.parse(turnCompleted) as { response_ids: unknown }).response_ids).toEqual(ids);
    // With exactly that key removed, every line is codex's, byte for byte.
    const codexLines = lines.slice(1);
    codexLines[codexLines.length - 2] = `${turnCompleted.slice(0, -ours.length - 1)}}`;
    const hello = JSON.stringify(path.join(repo, "hello.txt"));
    expect(codexLines).toEqual([
      `{"type":"turn.started"}`,
      `{"type":"item.completed","item":{"id":"item_0","type":"reasoning","text":"**Planning** I will run a command."}}`,
      `{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -lc 'echo hello'","aggregated_output":"","exit_code":null,"status":"in_progress"}}`,
      `{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -lc 'echo hello'","aggregated_output":"hello\\n","exit_code":0,"status":"completed"}}`,
      `{"type":"item.started","item":{"id":"item_2","type":"file_change","changes":[{"path":${hello},"kind":"add"}],"status":"in_progress"}}`,
      `{"type":"item.completed","item":{"id":"item_2","type":"file_change","changes":[{"path":${hello},"kind":"add"}],"status":"completed"}}`,
      `{"type":"item.completed","item":{"id":"item_3","type":"agent_message","text":"Done. Created hello.txt."}}`,
      `{"type":"turn.completed","usage":{"input_tokens":600,"cached_input_tokens":170,"cache_write_input_tokens":0,"output_tokens":60,"reasoning_output_tokens":4}}`,
      "",
    ]);
    expect(await readFile(path.join(ws.repo, "hello.txt"), "utf8")).toBe("hello world\n");
    expect(await readFile(path.join(ws.repo, "last.txt"), "utf8")).toBe("Done. Created hello.txt.");
    expect(mock.requests).toHaveLength(3);
    expect(toolOutput(mock.requests[2], "call_s2")).toContain("Output:\nSuccess. Updated the following files:\nA hello.txt\n");
  });

  it("spec §4.4: the human transcript of command → patch → message (diff with blob index line, blank line after)", async (ctx) => {
    const { ws } = await scenario(ctx, specSteps());
    const r = await runCli(["--color", "never", ...WRITE, "create hello.txt"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const repo = realpathSync(ws.repo);
    const transcript = splitFooter(r.stderr).body;
    const from = transcript.indexOf("--------\nuser\n");
    expect(from).toBeGreaterThan(0);
    expect(transcript.slice(from).replace(/ in \d+ms:/g, " in <N>ms:")).toBe(
      [
        "--------",
        "user",
        "create hello.txt",
        // Our label (codex prints the summary bare): under --color never reasoning must not read as the prompt.
        "thinking",
        "**Planning** I will run a command.",
        "exec",
        `/bin/bash -lc 'echo hello' in ${repo}`,
        " succeeded in <N>ms:",
        "hello",
        "",
        "apply patch",
        "patch: completed",
        path.join(repo, "hello.txt"),
        "diff --git a/hello.txt b/hello.txt",
        "new file mode 100644",
        "index 0000000000000000000000000000000000000000..3b18e512dba79e4c8300dd08aeb37f8e728b8dad",
        "--- /dev/null",
        "+++ b/hello.txt",
        "@@ -0,0 +1 @@",
        "+hello world",
        "",
        "codex",
        "Done. Created hello.txt.",
        "tokens used",
        "490",
        "",
      ].join("\n"),
    );
    expect(r.stdout).toBe("Done. Created hello.txt.\n");
  });
});
