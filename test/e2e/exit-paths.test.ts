// End to end: the summary record on the exit paths that come late or from outside (a lost -o folder, SIGHUP, a second signal).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RunSummary } from "../../src/protocol/index.js";
import { reply, type Step } from "../support/mock-responses-server.js";
import { runCli, startCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import { responseEvents } from "../support/sse-events.js";

const hang = (): Step => ({ kind: "sse", events: responseEvents([{ message: "never finishes" }]), hangAfter: 3 });

const summaryAt = (file: string): RunSummary => RunSummary.parse(JSON.parse(readFileSync(file, "utf8")));

describe.concurrent("late and outside exits", () => {
  it("an -o folder lost during the run: exit 1, status failed (not startup_error), the answer still on stdout", async (ctx) => {
    const { ws } = await scenario(ctx, [
      reply([{ functionCall: { name: "exec_command", arguments: { cmd: "rm -rf ../out && touch ../out" }, callId: "c1" } }]),
      reply([{ message: "done" }]),
    ]);
    const out = path.join(ws.root, "out", "last.txt");
    const summary = path.join(ws.root, "summary.json");
    const r = await runCli(["--yolo", "--color", "never", "-o", out, "--summary-file", summary, "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("done\n");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const s = summaryAt(summary);
    expect(s).toMatchObject({ status: "failed", exit_code: 1, error: { code: "output_file_invalid" }, commands: { run: 1 } });
    expect(r.stderr.trimEnd().split("\n").at(-2)).toMatch(/^exit 1: /);
  });

  it("SIGHUP stops the run: exit 129, status interrupted", async (ctx) => {
    const { ws } = await scenario(ctx, [hang()]);
    const summary = path.join(ws.root, "summary.json");
    const run = startCli(["--json", "--summary-file", summary, "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    await run.waitFor('"turn.started"', "stdout");
    run.child.kill("SIGHUP");
    const r = await run.done;
    expect(r.code).toBe(129);
    expect(summaryAt(summary)).toMatchObject({ status: "interrupted", exit_code: 129, error: { code: "interrupted", message: "interrupted by SIGHUP" } });
  });

  it("a second signal exits at once and still writes the summary", async (ctx) => {
    const { ws } = await scenario(ctx, [hang()]);
    const summary = path.join(ws.root, "summary.json");
    const run = startCli(["--json", "--summary-file", summary, "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    await run.waitFor('"turn.started"', "stdout");
    run.child.kill("SIGTERM");
    run.child.kill("SIGTERM");
    const r = await run.done;
    expect(r.code).toBe(143);
    expect(existsSync(summary)).toBe(true);
    expect(summaryAt(summary)).toMatchObject({ status: "interrupted", exit_code: 143 });
  });
});
