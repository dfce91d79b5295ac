// End to end: exec_command / write_stdin through the built binary (output to the model, JSONL items, human layout).

import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, type TestContext } from "vitest";
import { fifoGate } from "../support/fifo-gate.js";
import { reply, type RecordedRequest, type Step } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence, startCli, type RunOptions, type RunResult } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

const exec = (args: Record<string, unknown>, callId: string) => ({
  functionCall: { name: "exec_command", arguments: args, callId },
});

type InputItem = Record<string, unknown>;

/** The input items of a recorded request. */
function inputOf(req: RecordedRequest | undefined): InputItem[] {
  return (req?.body["input"] ?? []) as InputItem[];
}

/** The `output` text of the function_call_output for `callId` in a request (throws if absent or not text). */
function toolOutput(req: RecordedRequest | undefined, callId: string): string {
  const item = inputOf(req).find((i) => i["type"] === "function_call_output" && i["call_id"] === callId);
  if (item === undefined) throw new Error(`no function_call_output for ${callId}`);
  const out = item["output"];
  if (typeof out !== "string") throw new Error(`output of ${callId} is not text: ${JSON.stringify(out)}`);
  return out;
}

/**
 * A scenario whose first command (`first(gate)`) waits on a gate in the test's temp dir; `run` starts the CLI
 * and opens the gate once `echo two` completed, so the first call of a response surely ends after the second.
 */
async function firstEndsLast(ctx: TestContext, steps: (first: string) => Step[]) {
  const s = await scenario(ctx, []);
  const gate = fifoGate(path.join(s.ws.root, "gate"));
  ctx.onTestFinished(() => gate.close());
  // No quotes in the command: its item shows it as `/bin/bash -lc '<cmd>'`.
  const first = `read _ < ${gate.path}; echo one`;
  s.mock.enqueue(...steps(first));
  const run = async (args: string[], opts: RunOptions): Promise<RunResult> => {
    const cli = startCli(args, opts);
    await cli.until("`echo two` completed", ({ stdout }) =>
      stdout.split("\n").some((l) => l.includes('"type":"item.completed"') && l.includes("echo two")),
    );
    gate.open();
    return cli.done;
  };
  return { ...s, first, run };
}

/** The exec-tool text header lines are `Chunk ID`, `Wall time`, exit/session, `Original token count`, `Output:`. */
const EXEC_HEADER = /^Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\n/;

describe.concurrent("exec_command", () => {
  it("success: command_execution started then completed (same id); output goes back to the model", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([exec({ cmd: "echo hello" }, "call_echo")]), reply([{ message: "done" }])]);
    const r = await runCli(["--json", "say hello"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.started:command_execution",
      "item.completed:command_execution",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(events[2]).toEqual({
      type: "item.started",
      item: {
        id: "item_0",
        type: "command_execution",
        command: "/bin/bash -lc 'echo hello'",
        aggregated_output: "",
        exit_code: null,
        status: "in_progress",
      },
    });
    expect(events[3]).toEqual({
      type: "item.completed",
      item: {
        id: "item_0",
        type: "command_execution",
        command: "/bin/bash -lc 'echo hello'",
        aggregated_output: "hello\n",
        exit_code: 0,
        status: "completed",
      },
    });
    expect(events[4]).toEqual({ type: "item.completed", item: { id: "item_1", type: "agent_message", text: "done" } });

    expect(mock.requests).toHaveLength(2);
    const tools = mock.requests[0]?.body["tools"] as Array<{ type: string; name?: string }>;
    expect(tools.map((t) => t.name ?? t.type)).toEqual(expect.arrayContaining(["exec_command", "write_stdin"]));
    const out = toolOutput(mock.requests[1], "call_echo");
    expect(out).toMatch(EXEC_HEADER);
    expect(out).toContain("\nProcess exited with code 0\n");
    expect(out).not.toContain("Process running with session ID");
    expect(out).toContain("\nOriginal token count: 2\n");
    expect(out.endsWith("Output:\nhello\n")).toBe(true);
    // The call itself is echoed back before its output.
    const input = inputOf(mock.requests[1]);
    const callIdx = input.findIndex((i) => i["type"] === "function_call" && i["call_id"] === "call_echo");
    const outIdx = input.findIndex((i) => i["type"] === "function_call_output" && i["call_id"] === "call_echo");
    expect(callIdx).toBeGreaterThanOrEqual(0);
    expect(outIdx).toBe(callIdx + 1);
  });

  it("human mode: exec / command in cwd / succeeded in Nms / output and a blank line", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([exec({ cmd: "echo hello" }, "call_h")]), reply([{ message: "done" }])]);
    const r = await runCli(["--color", "never", "say hello"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const repo = realpathSync(ws.repo);
    const normalised = r.stderr.replace(/ in \d+ms:/g, " in <N>ms:");
    expect(normalised).toContain(`\nexec\n/bin/bash -lc 'echo hello' in ${repo}\n succeeded in <N>ms:\nhello\n\ncodex\ndone\n`);
    expect(r.stdout).toBe("done\n");
  });

  it("a failing command: status failed, exit_code 3, stderr in aggregated_output; the run still exits 0", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([exec({ cmd: "echo out; echo boom >&2; exit 3" }, "call_fail")]),
      reply([{ message: "it failed" }]),
    ]);
    const r = await runCli(["--json", "fail"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.started:command_execution",
      "item.completed:command_execution",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(events[3]).toEqual({
      type: "item.completed",
      item: {
        id: "item_0",
        type: "command_execution",
        command: `/bin/bash -lc 'echo out; echo boom >&2; exit 3'`,
        aggregated_output: "out\nboom\n",
        exit_code: 3,
        status: "failed",
      },
    });
    const out = toolOutput(mock.requests[1], "call_fail");
    expect(out).toContain("\nProcess exited with code 3\n");
    expect(out.endsWith("Output:\nout\nboom\n")).toBe(true);
  });

  it("a script holding a single quote is shown as codex shows it (Rust shlex), in JSONL and in the transcript", async (ctx) => {
    const cmd = "echo 'check failed' >&2; exit 1";
    const shown = `/bin/bash -lc "echo 'check failed' >&2; exit 1"`;
    const { ws } = await scenario(ctx, [reply([exec({ cmd }, "call_q")]), reply([{ message: "ok" }])]);
    const r = await runCli(["--json", "quote"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const events = parseJsonl(r.stdout);
    expect(events[2]).toMatchObject({ type: "item.started", item: { type: "command_execution", command: shown } });
    expect(events[3]).toMatchObject({ type: "item.completed", item: { type: "command_execution", command: shown, exit_code: 1 } });

    const { ws: ws2 } = await scenario(ctx, [reply([exec({ cmd }, "call_qh")]), reply([{ message: "ok" }])]);
    const human = await runCli(["--color", "never", "quote"], { cwd: ws2.repo, codexHome: ws2.codexHome });
    expect(human.stderr).toContain(`\nexec\n${shown} in ${realpathSync(ws2.repo)}\n exited 1 in `);
  });

  it("human mode: a failing command shows ` exited 3 in Nms:` and its output", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([exec({ cmd: "echo boom >&2; exit 3" }, "call_hf")]), reply([{ message: "ok" }])]);
    const r = await runCli(["--color", "never", "fail"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const repo = realpathSync(ws.repo);
    const normalised = r.stderr.replace(/ in \d+ms:/g, " in <N>ms:");
    expect(normalised).toContain(`\nexec\n/bin/bash -lc 'echo boom >&2; exit 3' in ${repo}\n exited 3 in <N>ms:\nboom\n\n`);
  });

  it("a long-running tty command gets a session id; write_stdin feeds it and the item completes", async (ctx) => {
    const script = 'while IFS= read -r line; do echo "got:$line"; [ "$line" = hi ] && break; done; echo bye';
    const { ws, mock } = await scenario(ctx, [
      reply([exec({ cmd: script, tty: true, yield_time_ms: 1500 }, "call_loop")]),
      {
        kind: "dynamic",
        build: (req) => {
          const first = toolOutput(req, "call_loop");
          const m = /Process running with session ID (\d+)/.exec(first);
          if (m === null) return reply([{ message: `NO SESSION: ${first}` }]);
          return reply([
            { functionCall: { name: "write_stdin", arguments: { session_id: Number(m[1]), chars: "hi\n", yield_time_ms: 5000 }, callId: "call_w" } },
          ]);
        },
      },
      reply([{ message: "talked" }]),
    ]);
    const r = await runCli(["--json", "talk"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(3);

    const first = toolOutput(mock.requests[1], "call_loop");
    expect(first).toMatch(EXEC_HEADER);
    expect(first).toMatch(/\nProcess running with session ID \d+\n/);
    expect(first).not.toContain("Process exited with code");
    expect(first.endsWith("\nOriginal token count: 0\nOutput:\n")).toBe(true);

    const second = toolOutput(mock.requests[2], "call_w");
    expect(second).toMatch(EXEC_HEADER);
    expect(second).toContain("\nProcess exited with code 0\n");
    expect(second).not.toContain("Process running with session ID");
    // A pseudo-terminal: the line discipline echoes the input, and newlines come back as \r\n.
    expect(second.endsWith("\nOutput:\nhi\r\ngot:hi\r\nbye\r\n")).toBe(true);

    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.started:command_execution",
      "item.completed:command_execution",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    const done = events[3];
    expect(done).toMatchObject({
      type: "item.completed",
      item: { id: "item_0", type: "command_execution", command: `/bin/bash -lc '${script}'`, exit_code: 0, status: "completed" },
    });
    if (done?.type !== "item.completed" || done.item.type !== "command_execution") throw new Error("not a command item");
    expect(done.item.aggregated_output).toBe("hi\r\ngot:hi\r\nbye\r\n");
  });

  it("~200 MB of output: the model gets a middle-truncated text; the item stays bounded; exit 0", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([exec({ cmd: "yes | head -c 200000000", yield_time_ms: 30000 }, "call_big")]),
      reply([{ message: "big" }]),
    ]);
    const r = await runCli(["--json", "flood"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const out = toolOutput(mock.requests[1], "call_big");
    expect(out).toContain("\nProcess exited with code 0\n");
    expect(out).toContain("\nOriginal token count: 50000000\n");
    expect(out).toContain("Output:\nTotal output lines: 100000000\n\ny\ny\n");
    expect(out).toMatch(/…\d+ tokens truncated…/);
    expect(out.endsWith("y\ny\n")).toBe(true);
    // The gpt-5 budget is 10,000 tokens (~40 kB) plus the header.
    expect(Buffer.byteLength(out)).toBeLessThan(41_000);
    expect(Buffer.byteLength(out)).toBeGreaterThan(39_000);

    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.started:command_execution",
      "item.completed:command_execution",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    const done = events[3];
    if (done?.type !== "item.completed" || done.item.type !== "command_execution") throw new Error("not a command item");
    expect(done.item.exit_code).toBe(0);
    expect(done.item.status).toBe("completed");
    expect(done.item.aggregated_output.length).toBeLessThan(2_000_000);
    expect(done.item.aggregated_output.startsWith("y\ny\n")).toBe(true);
    expect(done.item.aggregated_output.endsWith("y\ny\n")).toBe(true);
    expect(done.item.aggregated_output).toMatch(/…\d+ tokens truncated…/);
    expect(r.stdout.length).toBeLessThan(4_000_000);
  });

  it("two exec_command calls in one response both run; outputs come back in call order", async (ctx) => {
    const { ws, mock, first, run } = await firstEndsLast(ctx, (first) => [
      reply([exec({ cmd: first }, "call_1"), exec({ cmd: "echo two" }, "call_2")]),
      reply([{ message: "both" }]),
    ]);
    const r = await run(["--json", "two"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const input = inputOf(mock.requests[1]);
    const outputs = input.filter((i) => i["type"] === "function_call_output");
    expect(outputs.map((o) => o["call_id"])).toEqual(["call_1", "call_2"]);
    expect(String(outputs[0]?.["output"]).endsWith("Output:\none\n")).toBe(true);
    expect(String(outputs[1]?.["output"]).endsWith("Output:\ntwo\n")).toBe(true);
    // Each call is followed in history by the call that produced it: call_1, call_2, then their outputs in order.
    const calls = input.filter((i) => i["type"] === "function_call").map((i) => i["call_id"]);
    expect(calls).toEqual(["call_1", "call_2"]);

    const events = parseJsonl(r.stdout);
    const completed = events.flatMap((e) =>
      e.type === "item.completed" && e.item.type === "command_execution" ? [e.item] : [],
    );
    expect(completed.map((i) => [i.command, i.aggregated_output, i.exit_code, i.status]).sort()).toEqual([
      ["/bin/bash -lc 'echo two'", "two\n", 0, "completed"],
      [`/bin/bash -lc '${first}'`, "one\n", 0, "completed"],
    ]);
    expect(new Set(completed.map((i) => i.id))).toEqual(new Set(["item_0", "item_1"]));
    expect(sequence(events).filter((s) => s.endsWith(":command_execution"))).toHaveLength(4);
    expect(sequence(events).slice(-2)).toEqual(["item.completed:agent_message", "turn.completed"]);
  });

  it("a provider repeating a call id (call_0 in every response): each command is its own item, started and completed", async (ctx) => {
    const { ws, mock, run } = await firstEndsLast(ctx, (first) => [
      reply([exec({ cmd: first }, "call_0"), exec({ cmd: "echo two" }, "call_0")]),
      reply([exec({ cmd: "echo three" }, "call_0")]),
      reply([{ message: "done" }]),
    ]);
    const r = await run(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const items = parseJsonl(r.stdout).flatMap((e) =>
      (e.type === "item.started" || e.type === "item.completed") && e.item.type === "command_execution"
        ? [`${e.type} ${e.item.id} ${e.item.command.replace("/bin/bash -lc ", "")}`]
        : [],
    );
    for (const id of ["item_0", "item_1", "item_2"]) {
      const lines = items.filter((l) => l.split(" ")[1] === id);
      expect(lines.map((l) => l.split(" ")[0]), id).toEqual(["item.started", "item.completed"]);
      expect(new Set(lines.map((l) => l.split(" ").slice(2).join(" "))).size, id).toBe(1);
    }
    expect(items).toHaveLength(6);
    // The model still gets its own call id back.
    expect(inputOf(mock.requests[1]).filter((i) => i["type"] === "function_call_output").map((o) => o["call_id"])).toEqual(["call_0", "call_0"]);
  });

  it("rm -rf is refused under the default read-only sandbox: declined item, nothing deleted", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([exec({ cmd: "rm -rf build" }, "call_rm")]), reply([{ message: "refused" }])], {
      files: { "build/x": "x" },
    });
    const r = await runCli(["--json", "clean"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.repo, "build/x"))).toBe(true);
    const out = toolOutput(mock.requests[1], "call_rm");
    expect(out).toBe("`/bin/bash -lc 'rm -rf build'` rejected: blocked by policy");
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.started:command_execution",
      "item.completed:command_execution",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(events[2]).toEqual({
      type: "item.started",
      item: {
        id: "item_0",
        type: "command_execution",
        command: "/bin/bash -lc 'rm -rf build'",
        aggregated_output: "",
        exit_code: null,
        status: "in_progress",
      },
    });
    expect(events[3]).toEqual({
      type: "item.completed",
      item: {
        id: "item_0",
        type: "command_execution",
        command: "/bin/bash -lc 'rm -rf build'",
        aggregated_output: "`/bin/bash -lc 'rm -rf build'` rejected: blocked by policy",
        exit_code: null,
        status: "declined",
      },
    });
  });

  it("human mode: a refused command shows ` declined in 0ms:` and the reason", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([exec({ cmd: "rm -rf build" }, "call_rmh")]), reply([{ message: "no" }])], {
      files: { "build/x": "x" },
    });
    const r = await runCli(["--color", "never", "clean"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const repo = realpathSync(ws.repo);
    expect(r.stderr).toContain(
      `\nexec\n/bin/bash -lc 'rm -rf build' in ${repo}\n declined in 0ms:\n\`/bin/bash -lc 'rm -rf build'\` rejected: blocked by policy\n`,
    );
    expect(existsSync(path.join(ws.repo, "build/x"))).toBe(true);
  });

  it("the command's environment forces NO_COLOR=1, PAGER=cat, CODEX_CI=1", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([exec({ cmd: "echo $NO_COLOR $PAGER $CODEX_CI" }, "call_env")]),
      reply([{ message: "env" }]),
    ]);
    const r = await runCli(["--json", "env"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { NO_COLOR: "", PAGER: "less", CODEX_CI: "0" },
    });
    expect(r.code).toBe(0);
    expect(toolOutput(mock.requests[1], "call_env").endsWith("Output:\n1 cat 1\n")).toBe(true);
    const events = parseJsonl(r.stdout);
    expect(events[3]).toMatchObject({
      type: "item.completed",
      item: { type: "command_execution", aggregated_output: "1 cat 1\n", exit_code: 0, status: "completed" },
    });
  });
});
