// End to end: logs go to $CODEX_HOME/log/codex-exec.log at CODEX_EXEC_LOG's level, never to stdout.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { httpError, reply } from "../support/mock-responses-server.js";
import { parseJsonl, runCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

describe.concurrent("logging", () => {
  it("CODEX_EXEC_LOG=debug writes JSON log lines to the log file; stdout stays pure JSONL", async (ctx) => {
    const { ws } = await scenario(ctx, [httpError(500, { error: { message: "flaky" } }), reply([{ message: "ok" }])], {
      providerExtra: "retry_base_delay_ms = 1",
    });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, env: { CODEX_EXEC_LOG: "debug" } });
    expect(r.code).toBe(0);
    expect(() => parseJsonl(r.stdout)).not.toThrow();
    const log = await readFile(path.join(ws.codexHome, "log", "codex-exec.log"), "utf8");
    const lines = log.trim().split("\n").map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.some((l) => l.msg === "model request failed; retrying" && l.level === 40)).toBe(true);
  });

  it("an unknown CODEX_EXEC_LOG level is warned about once, naming the accepted levels; the run goes on", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "ok" }]), reply([{ message: "ok" }])]);
    const env = { CODEX_EXEC_LOG: "verbose" };
    const warning = "CODEX_EXEC_LOG=verbose is not a log level (use one of trace, debug, info, warn, error, fatal, silent); logging at warn";
    const [human, json] = await Promise.all([
      runCli(["--color", "never", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, env, stdin: null }),
      runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, env, stdin: null }),
    ]);
    expect([human.code, json.code]).toEqual([0, 0]);
    expect(human.stderr.split("\n").filter((l) => l.includes("CODEX_EXEC_LOG"))).toEqual([`warning: ${warning}`]);
    // In --json mode it is a warning of the stream, as the other startup warnings are.
    expect(parseJsonl(json.stdout)).toContainEqual(expect.objectContaining({ item: expect.objectContaining({ type: "error", message: warning }) }));
  });

  it("the default level (warn) does not log debug events", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const r = await runCli(["hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const log = await readFile(path.join(ws.codexHome, "log", "codex-exec.log"), "utf8").catch(() => "");
    expect(log).not.toContain('"level":20');
  });
});
