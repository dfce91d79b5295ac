// What a run loads: undici (Node's fetch, ~10 MB resident) stays unloaded, through a plain answer and a tool call.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { reply } from "../support/mock-responses-server.js";
import { runCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

const PRELOAD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/report-loaded-modules.cjs");

/** Run the CLI with the module reporter preloaded; the built-in modules it loaded. */
async function loadedModules(args: string[], ws: { repo: string; codexHome: string }): Promise<{ code: number | null; modules: string[] }> {
  const file = path.join(ws.codexHome, "modules.txt");
  const r = await runCli(args, {
    cwd: ws.repo,
    codexHome: ws.codexHome,
    env: { NODE_OPTIONS: `--require ${PRELOAD}`, CODEX_EXEC_TEST_MODULES_FILE: file },
  });
  return { code: r.code, modules: readFileSync(file, "utf8").split("\n") };
}

describe.concurrent("lean startup", () => {
  it("a plain answer never loads undici", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "hi" }])]);
    const run = await loadedModules(["--json", "say hi"], ws);
    expect(run.code).toBe(0);
    expect(run.modules.length).toBeGreaterThan(10);
    expect(run.modules.filter((m) => m.includes("undici"))).toEqual([]);
  });

  it("a command and a follow-up request do not load it either", async (ctx) => {
    const { ws } = await scenario(ctx, [
      reply([{ functionCall: { name: "exec_command", arguments: { cmd: "echo hello" }, callId: "c1" } }]),
      reply([{ message: "done" }]),
    ]);
    const run = await loadedModules(["--json", "-s", "danger-full-access", "run echo"], ws);
    expect(run.code).toBe(0);
    expect(run.modules.some((m) => m.includes("child_process"))).toBe(true);
    expect(run.modules.filter((m) => m.includes("undici"))).toEqual([]);
  });
});
