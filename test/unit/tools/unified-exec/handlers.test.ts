import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, type TestContext } from "vitest";
import type { EventMsg } from "../../../../src/protocol/index.js";
import { FULL_ACCESS } from "../../../../src/protocol/index.js";
import { SandboxUnavailableError } from "../../../../src/sandbox/command-sandbox.js";
import type { ToolContext, ToolResult } from "../../../../src/tools/tool-router.js";
import type { ProcessManager } from "../../../../src/tools/unified-exec/process-manager.js";
import { createUnifiedExecTools } from "../../../../src/tools/unified-exec/unified-exec-tools.js";
import { fifoGate } from "../../../support/fifo-gate.js";
import { fnCall, makeContext, testEnv, text, workspaceWrite } from "./support.js";

const work = mkdtempSync(path.join(tmpdir(), "unified-exec-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const managers: ProcessManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.terminateAll()));
});

function tools(extra: Partial<Parameters<typeof createUnifiedExecTools>[0]> = {}) {
  const built = createUnifiedExecTools({
    env: { ...testEnv(), LANG: "fr_FR.ISO-8859-1", MY_VAR: "kept", UNSET: undefined },
    threadId: "thread-42",
    truncation: { mode: "tokens", limit: 10_000 },
    managerOptions: { killGraceMs: 200 },
    ...extra,
  });
  managers.push(built.manager);
  const [exec, write] = built.handlers;
  return { exec, write, manager: built.manager };
}

const HEADER = /^Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\n/;

describe("exec_command", () => {
  it("runs the command in a login shell and reports it in the upstream format", async () => {
    const { exec } = tools();
    const { ctx, events } = makeContext(work);
    const r = await exec.handle(fnCall("exec_command", { cmd: "echo hello" }), ctx);
    expect(r.success).toBe(true);
    expect(text(r.output)).toMatch(new RegExp(`${HEADER.source}Process exited with code 0\nOriginal token count: 2\nOutput:\nhello\n$`));
    expect(events).toEqual([
      { type: "exec_command_begin", call_id: "call_1", command: "/bin/bash -lc 'echo hello'", cwd: work },
      {
        type: "exec_command_end",
        call_id: "call_1",
        command: "/bin/bash -lc 'echo hello'",
        cwd: work,
        aggregated_output: "hello\n",
        exit_code: 0,
        duration_ms: expect.any(Number),
        status: "completed",
      },
    ]);
  });

  it("reports a failing command as failed, with stdout and stderr interleaved", async () => {
    const { exec } = tools();
    const { ctx, events } = makeContext(work);
    const r = await exec.handle(fnCall("exec_command", { cmd: "echo out; echo err >&2; exit 3", login: false }), ctx);
    expect(r.success).toBe(false);
    expect(text(r.output)).toMatch(/\nProcess exited with code 3\n.*\nOutput:\nout\nerr\n$/s);
    expect(events[0]).toMatchObject({ command: `/bin/bash -c 'echo out; echo err >&2; exit 3'` });
    expect(events[1]).toMatchObject({ type: "exec_command_end", exit_code: 3, status: "failed", aggregated_output: "out\nerr\n" });
  });

  it("resolves workdir against the turn cwd and honours the shell argument", async () => {
    mkdirSync(path.join(work, "sub"), { recursive: true });
    const { exec } = tools();
    const { ctx, events } = makeContext(work);
    const r = await exec.handle(fnCall("exec_command", { cmd: "pwd", workdir: "sub", shell: "/bin/sh", login: false }), ctx);
    expect(text(r.output)).toMatch(/Output:\n.*\/sub\n$/);
    expect(events[0]).toMatchObject({ command: "/bin/sh -c pwd", cwd: path.join(work, "sub") });
  });

  it("gives children the inherited env plus the forced variables", async () => {
    const { exec } = tools();
    const names = ["NO_COLOR", "TERM", "LANG", "LC_CTYPE", "LC_ALL", "COLORTERM", "PAGER", "GIT_PAGER", "GH_PAGER", "CODEX_CI"];
    const script = [...names, "CODEX_THREAD_ID", "MY_VAR", "CODEX_SANDBOX_NETWORK_DISABLED"].map((n) => `echo "${n}=\${${n}-unset}"`).join("; ");
    const sandboxed = await exec.handle(fnCall("exec_command", { cmd: script, login: false }), makeContext(work).ctx);
    expect(text(sandboxed.output).split("Output:\n")[1]).toBe(
      [
        "NO_COLOR=1",
        "TERM=dumb",
        "LANG=C.UTF-8",
        "LC_CTYPE=C.UTF-8",
        "LC_ALL=C.UTF-8",
        "COLORTERM=",
        "PAGER=cat",
        "GIT_PAGER=cat",
        "GH_PAGER=cat",
        "CODEX_CI=1",
        "CODEX_THREAD_ID=thread-42",
        "MY_VAR=kept",
        "CODEX_SANDBOX_NETWORK_DISABLED=1",
        "",
      ].join("\n"),
    );
    const open = await exec.handle(
      fnCall("exec_command", { cmd: "echo ${CODEX_SANDBOX_NETWORK_DISABLED-unset}", login: false }),
      makeContext(work, { sandbox: FULL_ACCESS }).ctx,
    );
    expect(text(open.output)).toMatch(/Output:\nunset\n$/);
    const networked = await exec.handle(
      fnCall("exec_command", { cmd: "echo ${CODEX_SANDBOX_NETWORK_DISABLED-unset}", login: false }),
      makeContext(work, { sandbox: workspaceWrite(work, { networkAccess: true }) }).ctx,
    );
    expect(text(networked.output)).toMatch(/Output:\nunset\n$/);
  });

  it("truncates long output in the middle to max_output_tokens, with the line count", async () => {
    const { exec } = tools();
    const r = await exec.handle(
      fnCall("exec_command", { cmd: "for i in $(seq 1 100); do echo line$i; done", login: false, max_output_tokens: 5 }),
      makeContext(work).ctx,
    );
    // 100 lines, 692 bytes → 173 tokens; 10 bytes kept on each side, ceil(672 / 4) tokens cut.
    expect(text(r.output)).toMatch(
      /\nOriginal token count: 173\nOutput:\nTotal output lines: 100\n\nline1\nline…168 tokens truncated…9\nline100\n$/,
    );
  });

  it("never returns more than the model's truncation policy allows", async () => {
    const { exec } = tools({ truncation: { mode: "bytes", limit: 20 } });
    const r = await exec.handle(fnCall("exec_command", { cmd: "seq 1 100", login: false, max_output_tokens: 1000 }), makeContext(work).ctx);
    // A 20-byte policy caps the 1000 requested tokens at 5 (20 bytes) of the 292.
    expect(text(r.output)).toMatch(/\nOriginal token count: 73\nOutput:\nTotal output lines: 100\n\n1\n2\n3\n4\n5\n…68 tokens truncated…98\n99\n100\n$/);
  });

  it("returns a session id for a running command and continues it with write_stdin under the same call id", async () => {
    // tty: true keeps stdin open; with no pseudo-terminal backend it runs on pipes (plus a note).
    const { exec, write } = tools({ managerOptions: { killGraceMs: 200, ptyBackend: "none" } });
    const { ctx, events } = makeContext(work, { callId: "call_exec" });
    const loop = 'echo ready; while read line; do [ "$line" = quit ] && exit 0; echo "got:$line"; done';
    const first = await exec.handle(fnCall("exec_command", { cmd: loop, login: false, tty: true, yield_time_ms: 1500 }), ctx);
    const id = Number(/Process running with session ID (\d+)/.exec(text(first.output))?.[1]);
    expect(first.success).toBe(true);
    expect(text(first.output)).toMatch(/Output:\n.*\nready\n$/);
    expect(events.map((e) => e.type)).toEqual(["exec_command_begin"]);

    const writeCtx = makeContext(work, { callId: "call_write" });
    const second = await write.handle(fnCall("write_stdin", { session_id: id, chars: "one\n" }), writeCtx.ctx);
    expect(text(second.output)).toMatch(new RegExp(`${HEADER.source}Process running with session ID ${id}\nOriginal token count: 2\nOutput:\ngot:one\n$`));

    const third = await write.handle(fnCall("write_stdin", { session_id: id, chars: "quit\n", yield_time_ms: 5000 }), writeCtx.ctx);
    expect(text(third.output)).toMatch(/\nProcess exited with code 0\nOriginal token count: 0\nOutput:\n$/);
    expect(writeCtx.events).toEqual([]);
    expect(events).toMatchObject([
      { type: "exec_command_begin", call_id: "call_exec" },
      { type: "exec_command_end", call_id: "call_exec", exit_code: 0, status: "completed", aggregated_output: "ready\ngot:one\n" },
    ]);
  });

  it("a command started without tty gets /dev/null as stdin: readers finish, write_stdin says how to interact", async () => {
    const { exec, write } = tools();
    const reader = await exec.handle(fnCall("exec_command", { cmd: "cat; echo done", login: false }), makeContext(work).ctx);
    expect(text(reader.output)).toMatch(/Process exited with code 0\n[\s\S]*Output:\ndone\n$/);
    const sleeper = await exec.handle(fnCall("exec_command", { cmd: "sleep 30", login: false, yield_time_ms: 250 }), makeContext(work).ctx);
    const id = Number(/Process running with session ID (\d+)/.exec(text(sleeper.output))?.[1]);
    const r = await write.handle(fnCall("write_stdin", { session_id: id, chars: "x\n" }), makeContext(work).ctx);
    expect(r.success).toBe(false);
    expect(text(r.output)).toContain(`write_stdin failed: session ${id} does not take input`);
  });

  it("runs under a pseudo-terminal with tty: true", async () => {
    const { exec } = tools();
    const r = await exec.handle(fnCall("exec_command", { cmd: "tty", login: false, tty: true }), makeContext(work).ctx);
    expect(text(r.output)).toMatch(/Output:\n\/dev\/pts\/\d+\r\n$/);
  });

  it("refuses a forced rm without running it when sandboxed", async () => {
    const victim = path.join(work, "victim");
    mkdirSync(victim, { recursive: true });
    const { exec } = tools();
    const { ctx, events } = makeContext(work);
    const r = await exec.handle(fnCall("exec_command", { cmd: `ls && rm -rf ${victim}` }), ctx);
    const command = `/bin/bash -lc 'ls && rm -rf ${victim}'`;
    expect(r).toEqual({ output: `\`${command}\` rejected: blocked by policy`, success: false });
    expect(existsSync(victim)).toBe(true);
    expect(events).toEqual([
      { type: "exec_command_begin", call_id: "call_1", command, cwd: work },
      {
        type: "exec_command_end",
        call_id: "call_1",
        command,
        cwd: work,
        aggregated_output: `\`${command}\` rejected: blocked by policy`,
        exit_code: null,
        duration_ms: 0,
        status: "declined",
      },
    ]);
  });

  it("runs a forced rm under danger-full-access", async () => {
    const victim = path.join(work, "victim2");
    mkdirSync(victim, { recursive: true });
    const { exec } = tools();
    const r = await exec.handle(
      fnCall("exec_command", { cmd: `rm -rf ${victim}`, login: false }),
      makeContext(work, { sandbox: FULL_ACCESS }).ctx,
    );
    expect(r.success).toBe(true);
    expect(existsSync(victim)).toBe(false);
  });

  it("hands apply_patch heredocs to the interceptor instead of the shell", async () => {
    const seen: Array<[string, string]> = [];
    const interceptApplyPatch = async (patchText: string, dir: string, _ctx: ToolContext): Promise<ToolResult> => {
      seen.push([patchText, dir]);
      return { output: "patched", success: true };
    };
    const { exec } = tools({ interceptApplyPatch });
    const { ctx, events } = makeContext(work);
    const patch = "*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch";
    const r = await exec.handle(fnCall("exec_command", { cmd: `cd sub && apply_patch <<'EOF'\n${patch}\nEOF\n` }), ctx);
    expect(r).toEqual({ output: "patched", success: true });
    expect(seen).toEqual([[patch, path.join(work, "sub")]]);
    expect(events).toEqual([]);
  });

  it("spawns what wrapCommand returns but shows the unwrapped command", async () => {
    const wrapCommand = (argv: string[]): string[] => ["/usr/bin/env", "WRAPPED=yes", ...argv];
    const { exec } = tools({ wrapCommand });
    const { ctx, events } = makeContext(work);
    const r = await exec.handle(fnCall("exec_command", { cmd: "echo $WRAPPED", login: false }), ctx);
    expect(text(r.output)).toMatch(/Output:\nyes\n$/);
    expect(events[0]).toMatchObject({ command: "/bin/bash -c 'echo $WRAPPED'" });
  });

  it("wraps with the cwd of the call (workdir resolved) and the context's policy", async () => {
    mkdirSync(path.join(work, "sub"), { recursive: true });
    const seen: Array<[string[], string, string]> = [];
    const { exec } = tools({
      wrapCommand: (argv: string[], ctx: ToolContext) => {
        seen.push([argv, ctx.cwd, ctx.sandbox.mode]);
        return argv;
      },
    });
    await exec.handle(fnCall("exec_command", { cmd: "true", workdir: "sub", login: false }), makeContext(work).ctx);
    expect(seen).toEqual([[["/bin/bash", "-c", "true"], path.join(work, "sub"), "workspace-write"]]);
  });

  it("fails closed when the sandbox cannot wrap: declined, the reason goes to the model, nothing runs", async () => {
    const marker = path.join(work, "must-not-exist");
    const { exec } = tools({
      wrapCommand: () => {
        throw new SandboxUnavailableError("command refused: no sandbox");
      },
    });
    const { ctx, events } = makeContext(work);
    const r = await exec.handle(fnCall("exec_command", { cmd: `touch ${marker}`, login: false }), ctx);
    expect(r).toEqual({ output: "command refused: no sandbox", success: false });
    const command = `/bin/bash -c 'touch ${marker}'`;
    expect(events).toEqual([
      { type: "exec_command_begin", call_id: "call_1", command, cwd: work },
      {
        type: "exec_command_end",
        call_id: "call_1",
        command,
        cwd: work,
        aggregated_output: "command refused: no sandbox",
        exit_code: null,
        duration_ms: 0,
        status: "declined",
      },
    ]);
    expect(existsSync(marker)).toBe(false);
  });

  it("reports a missing workdir as a failure text", async () => {
    const { exec } = tools();
    const { ctx, events } = makeContext(work);
    const r = await exec.handle(fnCall("exec_command", { cmd: "true", workdir: "nope" }), ctx);
    expect(r).toEqual({
      output: `exec_command failed for \`/bin/bash -lc true\`: working directory ${path.join(work, "nope")} does not exist`,
      success: false,
    });
    expect(events).toEqual([]);
  });
});

describe("heartbeats", () => {
  /**
   * A context that also calls `onEvent` on every event and resolves `ended` on the command's end event,
   * and a gate (a FIFO in the test's dir) the command waits on with `read _ < PATH`.
   */
  function watchedContext(ctx: TestContext, name: string, onEvent: (events: EventMsg[]) => void = () => undefined) {
    const { ctx: toolCtx, events } = makeContext(work);
    const gate = fifoGate(path.join(work, `${name}-${Math.random().toString(36).slice(2)}`));
    ctx.onTestFinished(() => gate.close());
    let resolveEnded: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => {
      resolveEnded = resolve;
    });
    const emit = toolCtx.emit;
    toolCtx.emit = (msg) => {
      emit(msg);
      onEvent(events);
      if (msg.type === "exec_command_end") resolveEnded();
    };
    return { ctx: toolCtx, events, ended, gate };
  }

  const progressOf = (events: readonly EventMsg[]) => events.flatMap((e) => (e.type === "exec_command_progress" ? [e] : []));

  it("a command running past the first delay gets heartbeats between begin and end, with its last line", async (ctx) => {
    const { exec } = tools({ heartbeat: { firstMs: 100, everyMs: 100 } });
    // The command runs until it had two heartbeats, one showing its line.
    const w = watchedContext(ctx, "beats", (events) => {
      const beats = progressOf(events);
      if (beats.length >= 2 && beats.some((b) => b.last_line === "building")) w.gate.open();
    });
    const cmd = `printf '\\033[32mbuilding\\033[0m\\n'; read _ < ${w.gate.path}; echo done`;
    await exec.handle(fnCall("exec_command", { cmd, login: false }), w.ctx);
    const types = w.events.map((e) => e.type);
    expect(types[0]).toBe("exec_command_begin");
    expect(types.at(-1)).toBe("exec_command_end");
    const beats = progressOf(w.events);
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(types.slice(1, -1).every((t) => t === "exec_command_progress")).toBe(true);
    expect(beats.some((b) => b.last_line === "building")).toBe(true);
    // The first may come before the shell printed anything: then it has no last line.
    for (const b of beats) expect(b).toMatchObject({ call_id: "call_1", last_line: expect.toBeOneOf([null, "building", "done"]) });
    const elapsed = beats.map((b) => b.elapsed_ms);
    expect(elapsed[0]).toBeGreaterThanOrEqual(100);
    expect([...elapsed].sort((x, y) => x - y)).toEqual(elapsed);
  });

  it("a command that ends before the first delay gets none; without a timing, none ever", async (ctx) => {
    const quick = makeContext(work);
    await tools({ heartbeat: { firstMs: 5_000, everyMs: 5_000 } }).exec.handle(fnCall("exec_command", { cmd: "echo hi", login: false }), quick.ctx);
    expect(quick.events.map((e) => e.type)).toEqual(["exec_command_begin", "exec_command_end"]);
    // Without a timing: the command runs while the same command with one gets two heartbeats.
    const off = watchedContext(ctx, "off");
    const on = watchedContext(ctx, "on", (events) => {
      if (progressOf(events).length >= 2) {
        off.gate.open();
        on.gate.open();
      }
    });
    const offDone = tools({ heartbeat: null }).exec.handle(fnCall("exec_command", { cmd: `read _ < ${off.gate.path}`, login: false }), off.ctx);
    const onDone = tools({ heartbeat: { firstMs: 100, everyMs: 100 } }).exec.handle(fnCall("exec_command", { cmd: `read _ < ${on.gate.path}`, login: false }), on.ctx);
    await Promise.all([offDone, onDone]);
    expect(progressOf(on.events).length).toBeGreaterThanOrEqual(2);
    expect(off.events.map((e) => e.type)).toEqual(["exec_command_begin", "exec_command_end"]);
  });

  it("a command left running in the background keeps its heartbeats until it ends", async (ctx) => {
    const { exec } = tools({ heartbeat: { firstMs: 100, everyMs: 100 } });
    let atReturn: number | null = null;
    // It ends once it had a heartbeat after the call returned.
    const w = watchedContext(ctx, "background", (events) => {
      if (atReturn !== null && progressOf(events.slice(atReturn)).length >= 1) w.gate.open();
    });
    const r = await exec.handle(fnCall("exec_command", { cmd: `echo one; read _ < ${w.gate.path}; echo two`, login: false, yield_time_ms: 250 }), w.ctx);
    expect(text(r.output)).toMatch(/Process running with session ID \d+/);
    atReturn = w.events.length;
    await w.ended;
    const later = progressOf(w.events.slice(atReturn));
    expect(later.length).toBeGreaterThanOrEqual(1);
    expect(later[0]?.elapsed_ms).toBeGreaterThanOrEqual(250);
    expect(w.events.at(-1)?.type).toBe("exec_command_end");
  });
});

describe("write_stdin", () => {
  it("names an unknown session", async () => {
    const { write } = tools();
    const r = await write.handle(fnCall("write_stdin", { session_id: 4242, chars: "x" }), makeContext(work).ctx);
    expect(r).toEqual({ output: "write_stdin failed: Unknown process id 4242", success: false });
  });
});

describe("arguments", () => {
  it.each([
    ["not JSON", "{cmd:", /^failed to parse function arguments: .*JSON/],
    ["missing cmd", {}, /^failed to parse function arguments: cmd: Invalid input: expected string, received undefined$/],
    ["wrong type", { cmd: "ls", tty: "yes" }, /^failed to parse function arguments: tty: Invalid input: expected boolean, received string$/],
  ])("exec_command: %s", async (_name, args, want) => {
    const { exec } = tools();
    const r = await exec.handle(fnCall("exec_command", args), makeContext(work).ctx);
    expect(r.success).toBe(false);
    expect(text(r.output)).toMatch(want);
  });

  it("write_stdin: a session id is required", async () => {
    const { write } = tools();
    const r = await write.handle(fnCall("write_stdin", { chars: "x" }), makeContext(work).ctx);
    expect(r).toEqual({
      output: "failed to parse function arguments: session_id: Invalid input: expected number, received undefined",
      success: false,
    });
  });

  it("rejects a custom (freeform) call", async () => {
    const { exec } = tools();
    const r = await exec.handle({ kind: "custom", name: "exec_command", input: "ls", callId: "c" }, makeContext(work).ctx);
    expect(r).toEqual({ output: "unsupported custom tool call: exec_command", success: false });
  });
});

describe("specs", () => {
  it("exec_command: a non-strict function tool whose schema comes from the validator", () => {
    const { exec, write } = tools();
    expect(exec.parallelSafe).toBe(true);
    expect(write.parallelSafe).toBe(false);
    expect(exec.spec).toMatchObject({ type: "function", name: "exec_command", strict: false });
    expect(exec.spec["parameters"]).toEqual({
      type: "object",
      properties: {
        cmd: { type: "string", description: expect.any(String) },
        workdir: { type: "string", description: expect.any(String) },
        shell: { type: "string", description: expect.any(String) },
        login: { type: "boolean", description: expect.any(String) },
        tty: { type: "boolean", description: expect.any(String) },
        yield_time_ms: { type: "number", description: expect.any(String) },
        max_output_tokens: { type: "number", description: expect.any(String) },
      },
      required: ["cmd"],
      additionalProperties: false,
    });
    expect(write.spec).toMatchObject({
      type: "function",
      name: "write_stdin",
      strict: false,
      parameters: { type: "object", required: ["session_id"], additionalProperties: false },
    });
    expect(Object.keys((write.spec["parameters"] as { properties: object }).properties)).toEqual([
      "session_id",
      "chars",
      "yield_time_ms",
      "max_output_tokens",
    ]);
  });
});
