// End to end: long work reads well in a CI log: heartbeats, capped command output, coloured diffs, labelled reasoning.

import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it, type TestContext } from "vitest";
import { fifoGate, type FifoGate } from "../support/fifo-gate.js";
import { reply, type RecordedRequest } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence, splitFooter, startCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

const ESC = "\x1b";
const exec = (cmd: string, callId: string, extra: Record<string, unknown> = {}) => ({
  functionCall: { name: "exec_command", arguments: { cmd, ...extra }, callId },
});
/** Heartbeats at 150 ms, then every 150 ms. */
const FAST_HEARTBEAT = { CODEX_EXEC_HEARTBEAT_MS: "150" };
/** A build that prints a line, then runs until the test opens `gate`. */
const slowBuild = (gate: FifoGate): string => `echo 'Compiling foo v1.2'; read _ < '${gate.path}'; echo Finished`;

/** A gate in the test's temp dir `root`, closed (so a waiting command goes on) when the test ends. */
function gateIn(ctx: TestContext, root: string, name = "gate"): FifoGate {
  const gate = fifoGate(path.join(root, name));
  ctx.onTestFinished(() => gate.close());
  return gate;
}

/** The heartbeat lines of a human transcript. */
const beatLines = (stderr: string): string[] => stderr.split("\n").filter((l) => l.startsWith("  … "));

/** A scenario whose model runs `slowBuild` and then answers `answer`; the gate is in the test's temp dir. */
async function buildScenario(ctx: TestContext, answer = "built") {
  const s = await scenario(ctx, []);
  const gate = gateIn(ctx, s.ws.root);
  s.mock.enqueue(reply([exec(slowBuild(gate), "call_build")]), reply([{ message: answer }]));
  return { ...s, gate };
}

/**
 * Wait, once `commandRunning` resolved, for a span in which that command would have had heartbeats had it
 * any: a witness run (human mode, heartbeats every 150 ms) shows two of its own meanwhile. So a test of
 * their absence waits on what it tests against, not on a clock. The witness must end with exit 0.
 */
async function heartbeatSpan(ctx: TestContext, commandRunning: Promise<void>): Promise<void> {
  const w = await buildScenario(ctx, "witnessed");
  const witness = startCli(["--color", "never", "build it"], { cwd: w.ws.repo, codexHome: w.ws.codexHome, env: FAST_HEARTBEAT });
  await commandRunning;
  let from = -1;
  await witness.until("two heartbeats of the witness", ({ stderr }) => {
    const n = beatLines(stderr).length;
    if (from < 0) from = n;
    return n >= from + 2;
  });
  w.gate.open();
  expect((await witness.done).code).toBe(0);
}

/** Every line of every rollout under `$CODEX_HOME/sessions`. */
async function rolloutText(codexHome: string): Promise<string> {
  const dir = path.join(codexHome, "sessions");
  if (!existsSync(dir)) return "";
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  return (await Promise.all(files.map((f) => readFile(f, "utf8")))).join("");
}

/** The text of the function_call_output for `callId` in a recorded request. */
function toolOutput(req: RecordedRequest | undefined, callId: string): string {
  const items = (req?.body["input"] ?? []) as Array<Record<string, unknown>>;
  const out = items.find((i) => i["type"] === "function_call_output" && i["call_id"] === callId)?.["output"];
  if (typeof out !== "string") throw new Error(`no text output for ${callId}`);
  return out;
}

describe.concurrent("long work in a CI log", () => {
  it("a long command gets heartbeats on stderr with its last line; stdout and the rollout have none", async (ctx) => {
    const { ws, gate } = await buildScenario(ctx);
    const run = startCli(["--color", "never", "build it"], { cwd: ws.repo, codexHome: ws.codexHome, env: FAST_HEARTBEAT });
    await run.until("two heartbeats, one with the build's line", ({ stderr }) => {
      const beats = beatLines(stderr);
      return beats.length >= 2 && beats.some((l) => l.endsWith(": Compiling foo v1.2"));
    });
    gate.open();
    const r = await run.done;
    expect(r.code).toBe(0);
    const body = splitFooter(r.stderr).body;
    const beats = beatLines(body);
    expect(beats.length).toBeGreaterThanOrEqual(2);
    // The first may come before the login shell printed anything: then it has no last line.
    for (const line of beats) expect(line).toMatch(/^ {2}… still running \(\d+s\)(: Compiling foo v1\.2|: Finished)?$/);
    expect(beats.some((l) => l.endsWith(": Compiling foo v1.2"))).toBe(true);
    // Between the command's block and its result.
    const begin = body.indexOf("\nexec\n");
    expect(begin).toBeGreaterThan(0);
    expect(body.indexOf("  … still running")).toBeGreaterThan(begin);
    expect(body.indexOf(" succeeded in ")).toBeGreaterThan(body.lastIndexOf("  … still running"));
    expect(r.stdout).toBe("built\n");
    expect(await rolloutText(ws.codexHome)).toContain('"type":"task_complete"');
    expect(await rolloutText(ws.codexHome)).not.toContain("exec_command_progress");
  });

  it("--json: heartbeats never reach the JSONL stream", async (ctx) => {
    const { ws, gate } = await buildScenario(ctx);
    const run = startCli(["--json", "build it"], { cwd: ws.repo, codexHome: ws.codexHome, env: FAST_HEARTBEAT });
    await heartbeatSpan(ctx, run.until("the command started", ({ stdout }) => stdout.includes('"type":"item.started"')));
    gate.open();
    const r = await run.done;
    expect(r.code).toBe(0);
    expect(sequence(parseJsonl(r.stdout))).toEqual([
      "thread.started",
      "turn.started",
      "item.started:command_execution",
      "item.completed:command_execution",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(r.stdout + r.stderr).not.toContain("still running");
  });

  it("heartbeats are not activity: a silent, hung command still trips --idle-timeout (exit 124)", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([exec("sleep 30", "call_hang")]), reply([{ message: "never" }])]);
    const r = await runCli(["--color", "never", "--idle-timeout", "800ms", "wait"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { CODEX_EXEC_HEARTBEAT_MS: "100" },
    });
    expect(r.code).toBe(124);
    expect(r.stderr).toMatch(/\n {2}… still running \(\d+s\)\n/);
    expect(splitFooter(r.stderr).footer[0]).toContain("no activity from the model or tools for");
  });

  it("CODEX_EXEC_HEARTBEAT_MS=0 turns heartbeats off; a bad value is warned about", async (ctx) => {
    const { ws, mock, gate } = await buildScenario(ctx, "one");
    mock.enqueue(reply([{ message: "two" }]));
    const run = startCli(["--color", "never", "wait"], { cwd: ws.repo, codexHome: ws.codexHome, env: { CODEX_EXEC_HEARTBEAT_MS: "0" } });
    await heartbeatSpan(ctx, run.until("the command started", ({ stderr }) => stderr.includes("\nexec\n")));
    gate.open();
    const off = await run.done;
    expect(off.code).toBe(0);
    expect(off.stderr).toContain(" succeeded in ");
    expect(off.stderr).not.toContain("still running");
    const bad = await runCli(["--color", "never", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, env: { CODEX_EXEC_HEARTBEAT_MS: "soon" } });
    expect(bad.code).toBe(0);
    expect(bad.stderr).toContain("warning: CODEX_EXEC_HEARTBEAT_MS=soon is not 0, N or N,M (milliseconds, at least 50); using 10000,30000\n");
  });

  it("`seq 1 500`: the transcript shows 10 + marker + 10 lines; the model and the JSONL get all 500", async (ctx) => {
    const steps = () => [reply([exec("seq 1 500", "call_seq")]), reply([{ message: "counted" }])];
    const human = await scenario(ctx, steps());
    const r = await runCli(["--color", "never", "count"], { cwd: human.ws.repo, codexHome: human.ws.codexHome });
    expect(r.code).toBe(0);
    const lines = splitFooter(r.stderr).body.split("\n");
    const from = lines.findIndex((l) => / succeeded in \d+ms:$/.test(l));
    expect(lines.slice(from + 1, from + 23)).toEqual([
      ..."1 2 3 4 5 6 7 8 9 10".split(" "),
      "… 480 lines omitted …",
      ..."491 492 493 494 495 496 497 498 499 500".split(" "),
      "",
    ]);
    expect(lines.length).toBeLessThan(60);
    expect(toolOutput(human.mock.requests[1], "call_seq")).toContain("\n250\n251\n");

    const json = await scenario(ctx, steps());
    const j = await runCli(["--json", "count"], { cwd: json.ws.repo, codexHome: json.ws.codexHome });
    const done = parseJsonl(j.stdout).find((e) => e.type === "item.completed" && e.item.type === "command_execution");
    const expected = `${Array.from({ length: 500 }, (_, i) => i + 1).join("\n")}\n`;
    expect(done?.type === "item.completed" && done.item.type === "command_execution" ? done.item.aggregated_output : null).toBe(expected);
  });

  it("--color always: the diff is coloured, headers bold, @@ cyan, + green, - red", async (ctx) => {
    const patch = "*** Begin Patch\n*** Update File: a.txt\n@@\n one\n-two\n+TWO\n three\n*** End Patch";
    const { ws } = await scenario(
      ctx,
      [reply([{ customToolCall: { name: "apply_patch", input: patch, callId: "call_p" } }]), reply([{ message: "patched" }])],
      { files: { "a.txt": "one\ntwo\nthree\n" } },
    );
    const r = await runCli(["--color", "always", "-s", "workspace-write", "edit"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${ESC}[1mdiff --git a/a.txt b/a.txt${ESC}[0m\n`);
    expect(r.stderr).toContain(`${ESC}[1m--- a/a.txt${ESC}[0m\n${ESC}[1m+++ b/a.txt${ESC}[0m\n${ESC}[36m@@ -1,3 +1,3 @@${ESC}[0m\n one\n`);
    expect(r.stderr).toContain(`\n${ESC}[31m-two${ESC}[0m\n${ESC}[32m+TWO${ESC}[0m\n three\n`);
    expect(r.stdout).toBe("patched\n");
  });

  it("--color never: reasoning has a `thinking` label, so it cannot pass for the prompt", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ reasoning: "**Plan** check the tests" }, { message: "Done." }])]);
    const r = await runCli(["--color", "never", "check the tests"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(splitFooter(r.stderr).body).toContain("\nuser\ncheck the tests\nthinking\n**Plan** check the tests\ncodex\nDone.\n");
  });

  it("hide_agent_reasoning still hides reasoning, label and all", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ reasoning: "**Plan** secret" }, { message: "Done." }])]);
    const r = await runCli(["--color", "never", "-c", "hide_agent_reasoning=true", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("thinking");
    expect(r.stderr).not.toContain("secret");
    expect(splitFooter(r.stderr).body).toContain("\nuser\ngo\ncodex\nDone.\n");
  });
});
