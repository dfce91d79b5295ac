// What a run loads: undici (Node's fetch, ~10 MB resident) stays unloaded, through a plain answer and a tool call;
// proxy support loads only when a proxy variable is set.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ForwardProxy } from "../support/forward-proxy.js";
import { reply } from "../support/mock-responses-server.js";
import { runCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import { mockProviderConfig } from "../support/temp-repo.js";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
const PRELOAD = path.join(FIXTURES, "report-loaded-modules.cjs");
const TRACE_IMPORTS = path.join(FIXTURES, "mcp", "trace-imports.mjs");

/**
 * Run the CLI with the module reporter and the import tracer preloaded: the built-in modules it loaded, and
 * every module URL it resolved (node_modules packages outside the bundle show there).
 */
async function loadedModules(
  args: string[],
  ws: { repo: string; codexHome: string },
  env: Record<string, string> = {},
): Promise<{ code: number | null; modules: string[]; imports: string[] }> {
  const file = path.join(ws.codexHome, "modules.txt");
  const trace = path.join(ws.codexHome, "imports.txt");
  const r = await runCli(args, {
    cwd: ws.repo,
    codexHome: ws.codexHome,
    env: {
      NODE_OPTIONS: `--require ${PRELOAD} --import=${TRACE_IMPORTS}`,
      CODEX_EXEC_TEST_MODULES_FILE: file,
      TRACE_IMPORTS_FILE: trace,
      ...env,
    },
  });
  return { code: r.code, modules: readFileSync(file, "utf8").split("\n"), imports: readFileSync(trace, "utf8").split("\n") };
}

/** The proxy packages (and agent-base under them) among resolved module URLs. */
const proxyPackages = (imports: readonly string[]): string[] =>
  imports.filter((u) => /\/node_modules\/(proxy-from-env|https?-proxy-agent|socks-proxy-agent|agent-base)\//.test(u));

describe.concurrent("lean startup", () => {
  it("a plain answer never loads undici", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "hi" }])]);
    const run = await loadedModules(["--json", "say hi"], ws);
    expect(run.code).toBe(0);
    expect(run.modules.length).toBeGreaterThan(10);
    expect(run.modules.filter((m) => m.includes("undici"))).toEqual([]);
    // The tracer works (it saw the bundle), and no proxy package is loaded: no proxy variable is set.
    expect(run.imports.some((u) => u.endsWith("dist/codex-exec.js"))).toBe(true);
    expect(proxyPackages(run.imports)).toEqual([]);
  });

  it("NO_PROXY alone loads no proxy support; a proxy variable does, and a proxied run still never loads undici", async (ctx) => {
    const proxy = await ForwardProxy.start({ "model.internal.test": "127.0.0.1" });
    ctx.onTestFinished(() => proxy.close());
    const direct = await scenario(ctx, [reply([{ message: "hi" }])]);
    const proxied = await scenario(ctx, [reply([{ message: "hi" }])], {
      config: (url) => mockProviderConfig(url.replace("127.0.0.1", "model.internal.test")),
    });
    const a = await loadedModules(["--json", "say hi"], direct.ws, { NO_PROXY: "*" });
    const b = await loadedModules(["--json", "say hi"], proxied.ws, { HTTP_PROXY: proxy.url() });
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(proxyPackages(a.imports)).toEqual([]);
    expect(proxy.requests).toHaveLength(1);
    const loaded = proxyPackages(b.imports).join("\n");
    expect(loaded).toContain("/node_modules/proxy-from-env/");
    expect(loaded).toContain("/node_modules/http-proxy-agent/");
    expect(b.modules.filter((m) => m.includes("undici"))).toEqual([]);
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
