// End to end: MCP servers (the fixture over stdio and streamable HTTP) as tools of a real run of the built CLI.

import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi, type TestContext } from "vitest";
import { reply, type Step } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence, startCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import { mockProviderConfig } from "../support/temp-repo.js";
import { startFixtureHttpServer } from "../fixtures/mcp/http-server.mjs";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/mcp");
const STDIO_SERVER = path.join(FIXTURES, "stdio-server.mjs");
const TRACE_IMPORTS = path.join(FIXTURES, "trace-imports.mjs");

/** A `[mcp_servers.<name>]` table running the stdio fixture with `args`, plus extra TOML lines. */
function stdioServer(name: string, args: string[] = [], extra = ""): string {
  return `
[mcp_servers.${name}]
command = ${JSON.stringify(process.execPath)}
args = ${JSON.stringify([STDIO_SERVER, ...args])}
${extra}
`;
}
const withServers = (...tables: string[]) => (url: string): string => mockProviderConfig(url) + tables.join("");

/** A scenario with the stdio server `name` (`args`, `extra` TOML) writing its pid to `pidFile`, in the test's own temp dir. */
async function withPidFile(ctx: TestContext, steps: Step[], name: string, args: string[], extra = "") {
  const s = await scenario(ctx, steps, { config: null });
  const pidFile = path.join(s.ws.root, `${name}.pid`);
  await writeFile(s.configPath, withServers(stdioServer(name, [...args, "--pid-file", pidFile], extra))(s.mock.url));
  return { ...s, pidFile };
}
const call = (name: string, args: unknown, callId = "call_1", namespace?: string) => ({
  functionCall: { name, arguments: args, callId, ...(namespace === undefined ? {} : { namespace }) },
});
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
type Tool = { type: string; name?: string; description?: string; parameters?: Record<string, unknown> };
type Input = Array<{ type: string; call_id?: string; output?: unknown }>;
const outputOf = (input: unknown, callId: string): unknown => (input as Input).find((i) => i.type === "function_call_output" && i.call_id === callId)?.output;

describe.concurrent("MCP servers", () => {
  it("tools are offered as flat function tools, with the resource tools", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])], { config: withServers(stdioServer("fx")) });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const tools = mock.requests[0]?.body["tools"] as Tool[];
    const names = tools.map((t) => t.name ?? t.type);
    expect(names).toEqual(expect.arrayContaining(["list_mcp_resources", "list_mcp_resource_templates", "read_mcp_resource", "mcp__fx__echo", "mcp__fx__sleep"]));
    // codex's order: resource tools before update_plan, MCP tools after view_image.
    expect(names.indexOf("list_mcp_resources")).toBeLessThan(names.indexOf("update_plan"));
    expect(names.indexOf("mcp__fx__echo")).toBeGreaterThan(names.indexOf("view_image"));
    expect(tools.find((t) => t.name === "mcp__fx__echo")).toEqual({
      type: "function",
      name: "mcp__fx__echo",
      description: "Echo the text back.",
      strict: false,
      parameters: { type: "object", properties: { text: { type: "string", description: "what to echo" } }, required: ["text"] },
    });
    expect(tools.find((t) => t.name === "mcp__fx__fail")?.parameters).toEqual({ type: "object", properties: {} });
  });

  it("a call is an mcp_tool_call item, started then completed with the result; the output goes back", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([call("mcp__fx__echo", { text: "hi" })]), reply([{ message: "done" }])], {
      config: withServers(stdioServer("fx")),
    });
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.started:mcp_tool_call",
      "item.completed:mcp_tool_call",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(events[2]).toEqual({
      type: "item.started",
      item: { id: "item_0", type: "mcp_tool_call", server: "fx", tool: "echo", arguments: { text: "hi" }, result: null, error: null, status: "in_progress" },
    });
    expect(events[3]).toEqual({
      type: "item.completed",
      item: {
        id: "item_0",
        type: "mcp_tool_call",
        server: "fx",
        tool: "echo",
        arguments: { text: "hi" },
        result: { content: [{ type: "text", text: "echo: hi" }], structured_content: null },
        error: null,
        status: "completed",
      },
    });
    expect(outputOf(mock.requests[1]?.body["input"], "call_1")).toMatch(/^Wall time: \d+\.\d{4} seconds\nOutput:\n\[\{"type":"text","text":"echo: hi"\}\]$/);
  });

  it("human mode prints mcp: started / (completed) and (failed) lines", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([call("mcp__fx__echo", { text: "a" }, "c1"), call("mcp__fx__fail", {}, "c2")]), reply([{ message: "ok" }])], {
      config: withServers(stdioServer("fx")),
    });
    const r = await runCli(["--color", "never", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("mcp: fx/echo started\n");
    expect(r.stderr).toContain("mcp: fx/echo (completed)\n");
    expect(r.stderr).toContain("mcp: fx/fail (failed)\n");
  });

  it("a tool error (isError) is a failed item that keeps the result", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([call("mcp__fx__fail", {})]), reply([{ message: "ok" }])], { config: withServers(stdioServer("fx")) });
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const done = parseJsonl(r.stdout).find((e) => e.type === "item.completed" && e.item.type === "mcp_tool_call");
    expect(done).toMatchObject({
      item: { status: "failed", error: null, result: { content: [{ type: "text", text: "this tool always fails" }], structured_content: null } },
    });
    expect(outputOf(mock.requests[1]?.body["input"], "call_1")).toContain("this tool always fails");
  });

  it("a call past tool_timeout_sec fails with a timeout error, for the item and the model", async (ctx) => {
    // The call would outlast the test: only the timeout can end it, and the error says it did.
    const { ws, mock } = await scenario(ctx, [reply([call("mcp__fx__sleep", { ms: 600_000 })]), reply([{ message: "ok" }])], {
      config: withServers(stdioServer("fx", [], "tool_timeout_sec = 0.5")),
    });
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const done = parseJsonl(r.stdout).find((e) => e.type === "item.completed" && e.item.type === "mcp_tool_call");
    expect(done).toMatchObject({
      item: { tool: "sleep", status: "failed", result: null, error: { message: "tool call error: timed out awaiting tools/call after 0.5s" } },
    });
    expect(outputOf(mock.requests[1]?.body["input"], "call_1")).toContain("tool call error: timed out awaiting tools/call after 0.5s");
  });

  it("a namespace-form call (namespace mcp__fx__ or mcp__fx, name echo) runs the tool", async (ctx) => {
    const { ws, mock } = await scenario(
      ctx,
      [reply([call("echo", { text: "one" }, "c1", "mcp__fx__"), call("echo", { text: "two" }, "c2", "mcp__fx")]), reply([{ message: "ok" }])],
      { config: withServers(stdioServer("fx")) },
    );
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const input = mock.requests[1]?.body["input"];
    expect(outputOf(input, "c1")).toContain("echo: one");
    expect(outputOf(input, "c2")).toContain("echo: two");
    // The call goes back in history as the model made it.
    expect(input).toContainEqual(expect.objectContaining({ type: "function_call", namespace: "mcp__fx__", name: "echo", call_id: "c1" }));
  });

  it("a server that crashes at start is a warning; the run goes on without it", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }]), reply([{ message: "ok" }])], {
      config: withServers(stdioServer("broken", ["--crash"]), stdioServer("fx")),
    });
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const errors = parseJsonl(r.stdout).filter((e) => e.type === "item.completed" && e.item.type === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ item: { message: expect.stringMatching(/^MCP client for `broken` failed to start: /) } });
    const names = (mock.requests[0]?.body["tools"] as Tool[]).map((t) => t.name);
    expect(names).toContain("mcp__fx__echo");
    expect(names.some((n) => n?.startsWith("mcp__broken__"))).toBe(false);

    const human = await runCli(["--color", "never", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(human.code).toBe(0);
    expect(human.stderr).toMatch(/^warning: MCP client for `broken` failed to start: /m);
  });

  it("a required server that fails stops the run with exit 1 before any model request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "never" }])], {
      config: withServers(stdioServer("must", ["--crash"], "required = true")),
    });
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: required MCP servers failed to initialize: must: /m);
    expect(r.stdout).toBe("");
    expect(mock.requests).toHaveLength(0);
  });

  it("resources: list_mcp_resources and read_mcp_resource", async (ctx) => {
    const { ws, mock } = await scenario(
      ctx,
      [
        reply([call("list_mcp_resources", {}, "c1"), call("read_mcp_resource", { server: "fx", uri: "fixture://readme" }, "c2")]),
        reply([{ message: "ok" }]),
      ],
      { config: withServers(stdioServer("fx")) },
    );
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const input = mock.requests[1]?.body["input"];
    expect(JSON.parse(String(outputOf(input, "c1")))).toEqual({
      resources: [{ server: "fx", name: "readme", uri: "fixture://readme", description: "The readme.", mimeType: "text/plain" }],
    });
    expect(JSON.parse(String(outputOf(input, "c2")))).toEqual({
      server: "fx",
      uri: "fixture://readme",
      contents: [{ uri: "fixture://readme", mimeType: "text/plain", text: "fixture readme text" }],
    });
    const items = parseJsonl(r.stdout).filter((e) => e.type === "item.completed" && e.item.type === "mcp_tool_call");
    // Both are parallel-safe, so they may finish in either order.
    expect(items.map((e) => ("item" in e && "tool" in e.item ? `${e.item.server}/${e.item.tool}` : "")).sort()).toEqual([
      "codex/list_mcp_resources",
      "fx/read_mcp_resource",
    ]);
  });

  it("over streamable HTTP, with the bearer token from the environment", async (ctx) => {
    const http = await startFixtureHttpServer();
    ctx.onTestFinished(() => http.close());
    const table = `
[mcp_servers.web]
url = "${http.url}"
bearer_token_env_var = "WEB_MCP_TOKEN"
`;
    const { ws, mock } = await scenario(ctx, [reply([call("mcp__web__echo", { text: "via http" })]), reply([{ message: "ok" }])], {
      config: withServers(table),
    });
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome, env: { WEB_MCP_TOKEN: "s3cret" } });
    expect(r.code).toBe(0);
    expect(outputOf(mock.requests[1]?.body["input"], "call_1")).toContain("echo: via http");
    expect(http.requests.filter((q) => q.method === "POST").every((q) => q.headers.authorization === "Bearer s3cret")).toBe(true);
  });

  it("stdio servers get a minimal environment (as codex gives) plus env and env_vars: no API keys, no other secrets", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([call("mcp__fx__env", { names: ["OPENAI_API_KEY", "CODEX_API_KEY", "FORWARD_ME", "SET_ME", "PLAIN"] })]), reply([{ message: "ok" }])], {
      config: withServers(stdioServer("fx", [], 'env_vars = ["FORWARD_ME"]\nenv = { SET_ME = "yes" }')),
    });
    const r = await runCli(["--json", "go"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { OPENAI_API_KEY: "sk-must-not-leak", CODEX_API_KEY: "sk-nor-this", FORWARD_ME: "fwd", PLAIN: "plain" },
    });
    expect(r.code).toBe(0);
    const text = String(outputOf(mock.requests[1]?.body["input"], "call_1"));
    expect(text).not.toContain("sk-");
    const env = JSON.parse(JSON.parse(text.slice(text.indexOf("\n[") + 1))[0].text);
    expect(env).toEqual({ OPENAI_API_KEY: null, CODEX_API_KEY: null, FORWARD_ME: "fwd", SET_ME: "yes", PLAIN: null });
  });

  it("no server process is left behind after the run", async (ctx) => {
    const { ws, pidFile } = await withPidFile(ctx, [reply([call("mcp__fx__echo", { text: "x" })]), reply([{ message: "ok" }])], "fx", []);
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(alive(Number(await readFile(pidFile, "utf8")))).toBe(false);
  });

  it("SIGINT during a call: the run is interrupted and the server process ends with it", async (ctx) => {
    const { ws, pidFile } = await withPidFile(ctx, [reply([call("mcp__fx__sleep", { ms: 60_000 })]), reply([{ message: "ok" }])], "fx", []);
    const run = startCli(["--color", "never", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    await run.waitFor("mcp: fx/sleep started");
    run.child.kill("SIGINT");
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(alive(Number(await readFile(pidFile, "utf8")))).toBe(false);
  });

  it("SIGINT while servers start: start-up stops at once, exit 130, and the starting server is ended", async (ctx) => {
    const { ws, mock, pidFile } = await withPidFile(ctx, [reply([{ message: "never asked" }])], "slow", ["--hang"], "startup_timeout_sec = 60");
    const run = startCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    // The server is starting once it wrote its pid (the file has no event to wait on: polled, bounded).
    const pid = await vi.waitFor(
      async () => {
        const n = Number(await readFile(pidFile, "utf8").catch(() => ""));
        if (!(n > 0)) throw new Error(`no pid in ${pidFile} yet`);
        return n;
      },
      { timeout: 10_000, interval: 20 },
    );
    run.child.kill("SIGINT");
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(mock.requests).toHaveLength(0);
    expect(alive(pid)).toBe(false);
  });

  it("a server that never answers times out at startup_timeout_sec; the run goes on", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "ok" }])], {
      config: withServers(stdioServer("slow", ["--hang"], "startup_timeout_sec = 0.5")),
    });
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("MCP client for `slow` failed to start: timed out after 0.5s");
  });

  it("a plain run never loads the MCP SDK (nor ajv); a run with a server does", async (ctx) => {
    const plain = await scenario(ctx, [reply([{ message: "ok" }])]);
    const withMcp = await scenario(ctx, [reply([{ message: "ok" }])], { config: withServers(stdioServer("fx")) });
    const plainTrace = path.join(plain.ws.root, "imports.txt");
    const mcpTrace = path.join(withMcp.ws.root, "imports.txt");
    const traced = (file: string) => ({ NODE_OPTIONS: `--import=${TRACE_IMPORTS}`, TRACE_IMPORTS_FILE: file });
    const a = await runCli(["hi"], { cwd: plain.ws.repo, codexHome: plain.ws.codexHome, env: traced(plainTrace) });
    const b = await runCli(["hi"], { cwd: withMcp.ws.repo, codexHome: withMcp.ws.codexHome, env: traced(mcpTrace) });
    expect([a.code, b.code]).toEqual([0, 0]);
    const plainLoaded = await readFile(plainTrace, "utf8");
    // The trace works (it saw the bundle; openai and the other bundled dependencies live inside it).
    expect(plainLoaded).toContain("dist/codex-exec.js");
    expect(plainLoaded).not.toContain("modelcontextprotocol");
    expect(plainLoaded).not.toContain("/node_modules/ajv/");
    expect(await readFile(mcpTrace, "utf8")).toContain("@modelcontextprotocol/sdk/dist/esm/client/index.js");
  });
});
