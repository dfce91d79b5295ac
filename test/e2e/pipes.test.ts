// End to end through real shell pipes: a reader that leaves stops the run (exit 141); a closed stderr only loses the transcript.

import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { RunSummary } from "../../src/protocol/index.js";
import { fifoGate } from "../support/fifo-gate.js";
import { reply, type Step } from "../support/mock-responses-server.js";
import { isAlive } from "../support/process-alive.js";
import { BIN } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import { responseEvents } from "../support/sse-events.js";

interface Piped {
  /** The CLI's own exit status (bash's PIPESTATUS[0]). */
  code: number;
  /** What the reader got. */
  out: string;
  /** The CLI's stderr, when it was not piped away. */
  stderr: string;
}

/** Run `codex-exec ARGS | READER` in bash, stdin from /dev/null. */
function piped(args: readonly string[], reader: string, opts: { cwd: string; codexHome: string; stderrToPipe?: boolean }): Promise<Piped> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
  const script = `${quoted} </dev/null ${opts.stderrToPipe ? "2>&1 " : ""}| ${reader}; echo "status=\${PIPESTATUS[0]}" >&3`;
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", `${script}`], {
      cwd: opts.cwd,
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: opts.codexHome, CODEX_HOME: opts.codexHome },
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    });
    let out = "";
    let stderr = "";
    let status = "";
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (d: Buffer) => (status += d.toString()));
    child.on("error", reject);
    child.on("close", () => resolve({ code: Number(/status=(\d+)/.exec(status)?.[1] ?? -1), out, stderr }));
  });
}

const exec = (cmd: string, callId: string): Step => reply([{ functionCall: { name: "exec_command", arguments: { cmd }, callId } }]);

/** A model turn that starts and then sends nothing more, holding the connection open. */
const slowTurn = (): Step => ({ kind: "sse", events: responseEvents([{ message: "never finished" }]), hangAfter: 1 });

function summaryAt(file: string): RunSummary {
  return RunSummary.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** A command that would run for 30 s, its `sleep` in the background, naming it in `sleeper.pid` first. */
const SLEEPER = "sleep 30 & echo $! > sleeper.pid; wait; touch slept";

/** The pid SLEEPER wrote in `repo`, or null when it never got that far. */
function sleeperPid(repo: string): number | null {
  const file = path.join(repo, "sleeper.pid");
  const pid = existsSync(file) ? Number(readFileSync(file, "utf8").trim()) : 0;
  return pid > 0 ? pid : null;
}

/** Wait until `pid` is gone: ending a process group takes its signal's delivery (polled, bounded). */
async function expectGone(pid: number): Promise<void> {
  await vi.waitFor(() => expect(isAlive(pid), `process ${pid} alive`).toBe(false), { timeout: 10_000, interval: 50 });
}

function rolloutsUnder(codexHome: string): string[] {
  const dir = path.join(codexHome, "sessions");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".jsonl")).map((f) => path.join(dir, f));
}

describe.concurrent("a reader that closes stdout", () => {
  it("--json | head -2 during a slow model turn (nothing left to write): the run stops, exit 141, summary says why", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [slowTurn(), exec("touch after-close", "c1"), reply([{ message: "done" }])]);
    const summary = path.join(ws.root, "summary.json");
    const r = await piped(["--json", "--summary-file", summary, "hi"], "head -2", { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.out.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l).type)).toEqual(["thread.started", "turn.started"]);
    expect(r.code).toBe(141);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(mock.requests).toHaveLength(1);
    expect(existsSync(path.join(ws.repo, "after-close"))).toBe(false);
    const s = summaryAt(summary);
    expect(s).toMatchObject({ status: "interrupted", exit_code: 141, error: { code: "stdout_closed" } });
    const [rollout] = rolloutsUnder(ws.codexHome);
    expect(rollout).toBeDefined();
    for (const line of readFileSync(rollout ?? "", "utf8").split("\n").filter((l) => l !== "")) expect(() => JSON.parse(line)).not.toThrow();
  });

  it("--json | head -1: the next write fails, the run stops before its command ends, no further request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [exec(SLEEPER, "c1"), reply([{ message: "done" }])]);
    const summary = path.join(ws.root, "summary.json");
    const r = await piped(["--json", "--yolo", "--summary-file", summary, "hi"], "head -1", { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(141);
    expect(mock.requests.length).toBeLessThanOrEqual(1);
    // Whether the command got to start depends on when `head` exited; if it did, it was ended before its end.
    const pid = sleeperPid(ws.repo);
    if (pid !== null) await expectGone(pid);
    expect(existsSync(path.join(ws.repo, "slept"))).toBe(false);
    expect(summaryAt(summary)).toMatchObject({ status: "interrupted", exit_code: 141 });
  });

  it("--json | head -3 while a command runs: the command's process group is ended, no further request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [exec(SLEEPER, "c1"), reply([{ message: "done" }])]);
    const summary = path.join(ws.root, "summary.json");
    const gate = fifoGate(path.join(ws.root, "gate"));
    ctx.onTestFinished(() => gate.close());
    // The reader takes three lines, then holds the pipe without reading until the command surely runs.
    const reader = `{ head -n 3; head -n 1 '${gate.path}' >/dev/null; }`;
    const running = piped(["--json", "--yolo", "--summary-file", summary, "hi"], reader, { cwd: ws.repo, codexHome: ws.codexHome });
    const pid = await vi.waitFor(() => sleeperPid(ws.repo) ?? expect.fail("no sleeper.pid yet"), { timeout: 10_000, interval: 20 });
    gate.open();
    const r = await running;
    expect(r.out.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l).type)).toEqual(["thread.started", "turn.started", "item.started"]);
    expect(r.code).toBe(141);
    await expectGone(pid);
    expect(mock.requests).toHaveLength(1);
    expect(existsSync(path.join(ws.repo, "slept"))).toBe(false);
    expect(summaryAt(summary)).toMatchObject({ status: "interrupted", exit_code: 141, error: { code: "stdout_closed" } });
  });

  it("human mode: a reader gone before the answer stops the run too (its stdout carries only the answer)", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [slowTurn()]);
    const summary = path.join(ws.root, "summary.json");
    const gate = fifoGate(path.join(ws.root, "gate"));
    ctx.onTestFinished(() => gate.close());
    // The reader holds the pipe's read end, reads nothing from it, and exits once the turn is under way:
    // a reader gone mid-run. (`head` reads its file argument only, not the pipe on its stdin.)
    const running = piped(["--summary-file", summary, "hi"], `head -n 1 '${gate.path}' >/dev/null`, { cwd: ws.repo, codexHome: ws.codexHome });
    await vi.waitFor(() => expect(mock.requests).toHaveLength(1), { timeout: 10_000, interval: 20 });
    gate.open();
    const r = await running;
    expect(r.code).toBe(141);
    expect(mock.requests).toHaveLength(1);
    expect(summaryAt(summary)).toMatchObject({ status: "interrupted", exit_code: 141, error: { code: "stdout_closed" } });
    expect(r.stderr).toMatch(/^exit 141: stdout was closed by its reader/m);
  });
});

describe.concurrent("a reader that closes stderr", () => {
  it("2>&1 | head -3 in human mode: the work is done, no EPIPE crash, the summary is written", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [exec("touch worked", "c1"), reply([{ message: "done" }])]);
    const summary = path.join(ws.root, "summary.json");
    const r = await piped(["--yolo", "--summary-file", summary, "hi"], "head -3", {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      stderrToPipe: true,
    });
    expect(r.out.split("\n").filter((l) => l !== "")).toHaveLength(3);
    // stdout shares the pipe, so the answer finds no reader either: the work is done, and the exit says so.
    expect(existsSync(path.join(ws.repo, "worked"))).toBe(true);
    expect(mock.requests).toHaveLength(2);
    expect([0, 141]).toContain(r.code);
    const s = summaryAt(summary);
    expect(s.exit_code).toBe(r.code);
    expect(s.commands.run).toBe(1);
  });

  it("stderr alone closed: the run goes on and the outcome is unchanged (exit 0, answer on stdout)", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [exec("touch worked", "c1"), reply([{ message: "done" }])]);
    const summary = path.join(ws.root, "summary.json");
    const quoted = [process.execPath, BIN, "--yolo", "--summary-file", summary, "hi"].map((a) => `'${a}'`).join(" ");
    const child = spawn("bash", ["-c", `${quoted} </dev/null 2> >(head -c 1 >/dev/null)`], {
      cwd: ws.repo,
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: ws.codexHome, CODEX_HOME: ws.codexHome },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let out = "";
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(code).toBe(0);
    expect(out).toBe("done\n");
    expect(existsSync(path.join(ws.repo, "worked"))).toBe(true);
    expect(mock.requests).toHaveLength(2);
    expect(summaryAt(summary)).toMatchObject({ status: "completed", exit_code: 0 });
  });
});
