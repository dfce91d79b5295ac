// End to end: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY route the built CLI's model and MCP traffic.
//
// The model and MCP hosts are named `*.internal.test`, which never resolves: only the loopback proxy maps
// them to 127.0.0.1, so a run that got its answer went through the proxy.

import { writeFile } from "node:fs/promises";
import { describe, expect, it, type TestContext } from "vitest";
import { startFixtureHttpServer } from "../fixtures/mcp/http-server.mjs";
import { ForwardProxy } from "../support/forward-proxy.js";
import { reply } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence } from "../support/run-cli.js";
import { scenario, type Scenario } from "../support/scenario.js";
import { Socks5Proxy } from "../support/socks5-proxy.js";
import { mockProviderConfig } from "../support/temp-repo.js";
import { startTlsFront, TEST_CA_FILE, TLS_HOST } from "../support/tls-front.js";

const MODEL_HOST = TLS_HOST;
const MCP_HOST = "mcp.internal.test";
/** A proxy nobody listens on: a run sent there fails. */
const DEAD_PROXY = "http://127.0.0.1:1";

async function startProxy(ctx: TestContext): Promise<ForwardProxy> {
  const proxy = await ForwardProxy.start({ [MODEL_HOST]: "127.0.0.1", [MCP_HOST]: "127.0.0.1" });
  ctx.onTestFinished(() => proxy.close());
  return proxy;
}

/** A one-answer scenario whose provider base URL is the mock's, on `host` (and `https` when asked). */
function answering(ctx: TestContext, host: string, extraConfig = ""): Promise<Scenario> {
  return scenario(ctx, [reply([{ message: "hi" }])], {
    config: (url) => mockProviderConfig(url.replace("127.0.0.1", host)) + extraConfig,
  });
}

const portOf = (url: string): string => new URL(url).port;

describe.concurrent("outbound proxies", () => {
  it("HTTP_PROXY: an http base URL is requested in absolute form, with the proxy's credentials", async (ctx) => {
    const proxy = await startProxy(ctx);
    const { ws, mock } = await answering(ctx, MODEL_HOST);
    const r = await runCli(["--json", "say hi"], { cwd: ws.repo, codexHome: ws.codexHome, env: { HTTP_PROXY: proxy.url("alice:s3cret") } });
    expect(r.code).toBe(0);
    expect(sequence(parseJsonl(r.stdout))).toEqual(["thread.started", "turn.started", "item.completed:agent_message", "turn.completed"]);
    expect(r.stdout).not.toContain("proxy");
    expect(mock.requests).toHaveLength(1);
    expect(proxy.requests).toEqual([
      { method: "POST", target: `${MODEL_HOST}:${portOf(mock.url)}`, authorization: `Basic ${Buffer.from("alice:s3cret").toString("base64")}` },
    ]);
  });

  it("a proxy set in $CODEX_HOME/.env is honoured, as codex reads .env into its environment", async (ctx) => {
    const proxy = await startProxy(ctx);
    const { ws, mock } = await answering(ctx, MODEL_HOST);
    await writeFile(`${ws.codexHome}/.env`, `http_proxy=${proxy.url()}\n`);
    const r = await runCli(["--json", "say hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code, r.stderr).toBe(0);
    expect(mock.requests).toHaveLength(1);
    expect(proxy.requests.map((q) => q.target)).toEqual([`${MODEL_HOST}:${portOf(mock.url)}`]);
  });

  it("the human header names the proxy with its password masked", async (ctx) => {
    const proxy = await startProxy(ctx);
    const { ws } = await answering(ctx, MODEL_HOST);
    const env = { HTTP_PROXY: proxy.url("alice:s3cret") };
    const human = await runCli(["--color", "never", "say hi"], { cwd: ws.repo, codexHome: ws.codexHome, env });
    expect(human.code).toBe(0);
    expect(human.stderr).toContain(`\nprovider: mock\nproxy: http://alice:****@127.0.0.1:${proxy.port}\napproval:`);
    expect(human.stderr + human.stdout).not.toContain("s3cret");
  });

  it("HTTPS_PROXY: an https base URL goes through a CONNECT tunnel, TLS end to end", async (ctx) => {
    const proxy = await startProxy(ctx);
    const { ws, mock, configPath } = await scenario(ctx, [reply([{ message: "hi" }])], { config: null });
    const front = await startTlsFront(Number(portOf(mock.url)));
    ctx.onTestFinished(() => front.close());
    await writeFile(configPath, mockProviderConfig(`https://${MODEL_HOST}:${front.port}/v1`));
    const r = await runCli(["--json", "say hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { HTTPS_PROXY: proxy.url(), NODE_EXTRA_CA_CERTS: TEST_CA_FILE },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(mock.requests).toHaveLength(1);
    expect(proxy.requests.map((q) => `${q.method} ${q.target}`)).toEqual([`CONNECT ${MODEL_HOST}:${front.port}`]);
  });

  it("NO_PROXY: a listed host is reached directly, and the header names no proxy", async (ctx) => {
    const proxy = await startProxy(ctx);
    const { ws, mock } = await answering(ctx, "127.0.0.1");
    const r = await runCli(["--color", "never", "say hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { HTTP_PROXY: proxy.url(), no_proxy: "localhost,127.0.0.1" },
    });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(1);
    expect(proxy.requests).toEqual([]);
    expect(r.stderr).not.toContain("proxy:");
  });

  it("lower-case variables win over upper-case ones, as in curl", async (ctx) => {
    const proxy = await startProxy(ctx);
    const { ws, mock } = await answering(ctx, MODEL_HOST);
    const r = await runCli(["--json", "say hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { http_proxy: proxy.url(), HTTP_PROXY: DEAD_PROXY },
    });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(1);
    expect(proxy.requests.map((q) => q.target)).toEqual([`${MODEL_HOST}:${portOf(mock.url)}`]);
  });

  it("ALL_PROXY is the fallback when no variable names the scheme's proxy", async (ctx) => {
    const proxy = await startProxy(ctx);
    const { ws, mock } = await answering(ctx, MODEL_HOST);
    const r = await runCli(["--json", "say hi"], { cwd: ws.repo, codexHome: ws.codexHome, env: { ALL_PROXY: proxy.url() } });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(1);
    expect(proxy.requests).toHaveLength(1);
  });

  it("ALL_PROXY=socks5h://: model requests go through a SOCKS5 proxy, which resolves the host", async (ctx) => {
    const socks = await Socks5Proxy.start({ [MODEL_HOST]: "127.0.0.1" });
    ctx.onTestFinished(() => socks.close());
    const { ws, mock } = await answering(ctx, MODEL_HOST);
    const r = await runCli(["--color", "never", "say hi"], { cwd: ws.repo, codexHome: ws.codexHome, env: { ALL_PROXY: socks.url } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`\nproxy: ${socks.url}\n`);
    expect(mock.requests).toHaveLength(1);
    expect(socks.connects).toEqual([`${MODEL_HOST}:${portOf(mock.url)}`]);
  });

  it("an MCP server over streamable HTTP is reached through the proxy too", async (ctx) => {
    const proxy = await startProxy(ctx);
    const mcp = await startFixtureHttpServer();
    ctx.onTestFinished(() => mcp.close());
    const mcpUrl = mcp.url.replace("127.0.0.1", MCP_HOST);
    const { ws, mock } = await scenario(
      ctx,
      [reply([{ functionCall: { name: "mcp__web__echo", arguments: { text: "via proxy" }, callId: "call_1" } }]), reply([{ message: "ok" }])],
      { config: (url) => `${mockProviderConfig(url.replace("127.0.0.1", MODEL_HOST))}\n[mcp_servers.web]\nurl = "${mcpUrl}"\n` },
    );
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome, env: { HTTP_PROXY: proxy.url() } });
    expect(r.code).toBe(0);
    const done = parseJsonl(r.stdout).find((e) => e.type === "item.completed" && e.item.type === "mcp_tool_call");
    expect(done).toMatchObject({ item: { status: "completed", result: { content: [{ type: "text", text: "echo: via proxy" }] } } });
    expect(mock.requests).toHaveLength(2);
    const mcpTarget = `${MCP_HOST}:${portOf(mcp.url)}`;
    expect(proxy.requests.filter((q) => q.target === mcpTarget).length).toBeGreaterThanOrEqual(3);
    expect(mcp.requests.length).toBe(proxy.requests.filter((q) => q.target === mcpTarget).length);
  });
});
