// The MCP layer against a real fixture server over stdio and streamable HTTP: startup, tools, calls, resources, shutdown.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { McpStartupError } from "../../../../src/errors.js";
import { silentLogger, type McpServerConfig } from "../../../../src/protocol/index.js";
import { startMcpServers, type McpTools } from "../../../../src/tools/mcp/start-mcp-servers.js";
import { ToolRouter } from "../../../../src/tools/tool-router.js";
import { startFixtureHttpServer, type FixtureHttpServer } from "../../../fixtures/mcp/http-server.mjs";
import { context, fnCall, STDIO_FIXTURE } from "./support.js";

const stdio = (name: string, args: string[] = [], extra: Partial<McpServerConfig> = {}): McpServerConfig => ({
  name,
  transport: { type: "stdio", command: process.execPath, args: [STDIO_FIXTURE, ...args], env: {}, envVars: [], cwd: null },
  required: false,
  startupTimeoutMs: 10_000,
  toolTimeoutMs: 10_000,
  enabledTools: null,
  disabledTools: [],
  supportsParallelToolCalls: false,
  ...extra,
});
const deps = (parentEnv: Record<string, string | undefined> = {}) => ({
  parentEnv,
  cwd: os.tmpdir(),
  clientVersion: "0.0.0-test",
  logger: silentLogger,
});
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mcp-unit-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.concurrent("startMcpServers over stdio", () => {
  it("offers sorted flat tools and the resource tools; calls go through; shutdown ends the child", async () => {
    const pidFile = path.join(dir, "a.pid");
    const mcp = await startMcpServers([stdio("fx", ["--pid-file", pidFile])], deps());
    try {
      expect(mcp.warnings).toEqual([]);
      expect(mcp.serverTools.map((h) => h.spec.name)).toEqual([
        "mcp__fx__echo",
        "mcp__fx__echo_structured",
        "mcp__fx__env",
        "mcp__fx__fail",
        "mcp__fx__image",
        "mcp__fx__sleep",
      ]);
      expect(mcp.resourceTools.map((h) => h.spec.name)).toEqual(["list_mcp_resources", "list_mcp_resource_templates", "read_mcp_resource"]);
      const router = new ToolRouter(mcp.serverTools);
      const { ctx, events } = context();
      const r = await router.dispatch(fnCall("mcp__fx__echo_structured", '{"text":"hey"}'), ctx);
      expect(r.output).toMatch(/^Wall time: \d+\.\d{4} seconds\nOutput:\n\{"echoed":"hey","length":3\}$/);
      expect(events[1]).toMatchObject({
        status: "completed",
        result: { content: [{ type: "text", text: "hey" }], structured_content: { echoed: "hey", length: 3 } },
      });
      const ns = await router.dispatch({ kind: "function", namespace: "mcp__fx__", name: "echo", arguments: '{"text":"n"}', callId: "c" }, ctx);
      expect(ns.output).toContain("echo: n");
      const img = await router.dispatch(fnCall("mcp__fx__image", ""), ctx);
      expect(img.output).toEqual([
        { type: "input_text", text: expect.stringMatching(/^Wall time: .* seconds\nOutput:$/) },
        { type: "input_text", text: "a dot" },
        { type: "input_image", image_url: expect.stringMatching(/^data:image\/png;base64,/) },
      ]);
    } finally {
      await mcp.shutdown();
    }
    const pid = Number(await readFile(pidFile, "utf8"));
    expect(alive(pid)).toBe(false);
  });

  it("a tool that outlives tool_timeout fails with a timeout error", async () => {
    const mcp = await startMcpServers([stdio("fx", [], { toolTimeoutMs: 300 })], deps());
    try {
      const { ctx, events } = context();
      const r = await new ToolRouter(mcp.serverTools).dispatch(fnCall("mcp__fx__sleep", '{"ms":5000}'), ctx);
      expect(r.success).toBe(false);
      expect(r.output).toContain("tool call error: timed out awaiting tools/call after 0.3s");
      expect(events[1]).toMatchObject({ status: "failed", result: null, error: "tool call error: timed out awaiting tools/call after 0.3s" });
    } finally {
      await mcp.shutdown();
    }
  });

  it("an interrupted call ends at once as failed", async () => {
    const mcp = await startMcpServers([stdio("fx")], deps());
    try {
      const ac = new AbortController();
      const { ctx, events } = context(ac.signal);
      // Interrupted once the call began; the call itself would outlast the test.
      const emit = ctx.emit;
      ctx.emit = (msg) => {
        emit(msg);
        if (msg.type === "mcp_tool_call_begin") ac.abort();
      };
      const r = await new ToolRouter(mcp.serverTools).dispatch(fnCall("mcp__fx__sleep", '{"ms":600000}'), ctx);
      expect(r.success).toBe(false);
      expect(events[1]).toMatchObject({ status: "failed", error: "tool call error: aborted" });
    } finally {
      await mcp.shutdown();
    }
  });

  it("enabled_tools and disabled_tools filter what is offered", async () => {
    const mcp = await startMcpServers(
      [stdio("a", [], { enabledTools: ["echo", "fail"] }), stdio("b", [], { disabledTools: ["sleep", "env", "image", "echo_structured"] })],
      deps(),
    );
    try {
      expect(mcp.serverTools.map((h) => h.spec.name)).toEqual(["mcp__a__echo", "mcp__a__fail", "mcp__b__echo", "mcp__b__fail"]);
    } finally {
      await mcp.shutdown();
    }
  });

  it("the server's environment: our basics (HOME, PATH, …) + env_vars + env; nothing else of ours", async () => {
    const server = stdio("fx");
    if (server.transport.type !== "stdio") throw new Error("stdio expected");
    server.transport.envVars = ["FORWARDED"];
    server.transport.env = { SET_HERE: "set" };
    const parent = { PATH: process.env["PATH"], HOME: "/home/me", FORWARDED: "fwd", OPENAI_API_KEY: "sk-secret", AWS_SECRET_ACCESS_KEY: "aws" };
    const mcp = await startMcpServers([server], deps(parent));
    try {
      const { ctx } = context();
      const r = await new ToolRouter(mcp.serverTools).dispatch(
        fnCall("mcp__fx__env", JSON.stringify({ names: ["HOME", "FORWARDED", "SET_HERE", "OPENAI_API_KEY", "AWS_SECRET_ACCESS_KEY"] })),
        ctx,
      );
      expect(r.output).toContain(
        JSON.stringify(JSON.stringify({ HOME: "/home/me", FORWARDED: "fwd", SET_HERE: "set", OPENAI_API_KEY: null, AWS_SECRET_ACCESS_KEY: null })),
      );
    } finally {
      await mcp.shutdown();
    }
  });

  it("a server that crashes, or is missing, becomes a warning; the others still start", async () => {
    const missing = stdio("gone");
    if (missing.transport.type === "stdio") missing.transport.command = path.join(dir, "no-such-binary");
    const mcp = await startMcpServers([stdio("crash", ["--crash"]), missing, stdio("ok")], deps());
    try {
      expect(mcp.warnings).toHaveLength(2);
      expect(mcp.warnings[0]).toMatch(/^MCP client for `crash` failed to start: .*Connection closed \(its stderr: fixture: crashing on purpose\)$/);
      expect(mcp.warnings[1]).toMatch(/^MCP client for `gone` failed to start: .*ENOENT/);
      expect(mcp.serverTools.map((h) => h.spec.name)).toContain("mcp__ok__echo");
    } finally {
      await mcp.shutdown();
    }
  });

  it("a server that never answers times out at its startup timeout and is killed", async () => {
    const pidFile = path.join(dir, "hang.pid");
    // The server never answers: only the timeout can end the start-up (else the test times out).
    const mcp = await startMcpServers([stdio("slow", ["--hang", "--pid-file", pidFile], { startupTimeoutMs: 400 })], deps());
    expect(mcp.warnings).toEqual([
      "MCP client for `slow` failed to start: timed out after 0.4s; raise `startup_timeout_sec` in [mcp_servers.slow] to wait longer",
    ]);
    await mcp.shutdown();
    expect(alive(Number(await readFile(pidFile, "utf8")))).toBe(false);
  });

  it("a required server that fails throws McpStartupError after shutting the others down", async () => {
    const pidFile = path.join(dir, "other.pid");
    const err = await startMcpServers([stdio("must", ["--crash"], { required: true }), stdio("other", ["--pid-file", pidFile])], deps()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(McpStartupError);
    expect((err as McpStartupError).message).toMatch(/^Error: required MCP servers failed to initialize: must: .*Connection closed/);
    expect(alive(Number(await readFile(pidFile, "utf8")))).toBe(false);
  });
});

describe("startMcpServers over streamable HTTP", () => {
  let http: FixtureHttpServer;
  let mcp: McpTools;
  beforeAll(async () => {
    http = await startFixtureHttpServer();
    mcp = await startMcpServers(
      [
        {
          ...stdio("web"),
          transport: {
            type: "streamable_http",
            url: http.url,
            bearerTokenEnvVar: "WEB_TOKEN",
            httpHeaders: { "X-Static": "s" },
            envHttpHeaders: { "X-From-Env": "WEB_HEADER" },
          },
        },
      ],
      deps({ WEB_TOKEN: "tok", WEB_HEADER: "h" }),
    );
  });
  afterAll(async () => {
    await mcp.shutdown();
    await http.close();
  });

  it("lists and calls tools with the configured headers", async () => {
    expect(mcp.serverTools.map((h) => h.spec.name)).toContain("mcp__web__echo");
    const { ctx } = context();
    const r = await new ToolRouter(mcp.serverTools).dispatch(fnCall("mcp__web__echo", '{"text":"over http"}'), ctx);
    expect(r.output).toContain("echo: over http");
    const post = http.requests.find((q) => q.method === "POST");
    expect(post?.headers).toMatchObject({ authorization: "Bearer tok", "x-static": "s", "x-from-env": "h" });
  });

  it("resources: list on one server, on all servers, templates, read", async () => {
    const router = new ToolRouter(mcp.resourceTools);
    const { ctx, events } = context();
    const one = await router.dispatch(fnCall("list_mcp_resources", '{"server":"web"}'), ctx);
    expect(JSON.parse(String(one.output))).toEqual({
      server: "web",
      resources: [{ server: "web", name: "readme", uri: "fixture://readme", description: "The readme.", mimeType: "text/plain" }],
    });
    expect(events[0]).toEqual({ type: "mcp_tool_call_begin", call_id: "call-1", server: "web", tool: "list_mcp_resources", arguments: { server: "web" } });
    const all = await router.dispatch(fnCall("list_mcp_resources", "{}"), ctx);
    expect(JSON.parse(String(all.output))).toEqual({ resources: [expect.objectContaining({ server: "web", uri: "fixture://readme" })] });
    const templates = await router.dispatch(fnCall("list_mcp_resource_templates", '{"server":"web"}'), ctx);
    expect(JSON.parse(String(templates.output))).toMatchObject({ resourceTemplates: [{ server: "web", uriTemplate: "fixture://notes/{id}" }] });
    const read = await router.dispatch(fnCall("read_mcp_resource", '{"server":"web","uri":"fixture://notes/42"}'), ctx);
    expect(JSON.parse(String(read.output))).toEqual({ server: "web", uri: "fixture://notes/42", contents: [{ uri: "fixture://notes/42", text: "note 42" }] });
    expect(await router.dispatch(fnCall("read_mcp_resource", '{"server":"nope","uri":"x"}'), ctx)).toEqual({
      output: "unknown MCP server 'nope'",
      success: false,
    });
    expect((await router.dispatch(fnCall("list_mcp_resources", '{"cursor":"c"}'), ctx)).output).toBe(
      "cursor can only be used when a server is specified",
    );
  });

  it("a missing bearer token variable is a startup failure", async () => {
    const failed = await startMcpServers(
      [{ ...stdio("web2"), transport: { type: "streamable_http", url: http.url, bearerTokenEnvVar: "NOPE", httpHeaders: {}, envHttpHeaders: {} } }],
      deps(),
    );
    expect(failed.warnings).toEqual(["MCP client for `web2` failed to start: environment variable NOPE (bearer_token_env_var) is not set"]);
    await failed.shutdown();
  });
});
