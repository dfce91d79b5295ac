// The node:http fetch with a proxy: requests go through it, and never around it through the global fetch.

import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi, type TestContext } from "vitest";
import { createHttpFetch } from "../../../../src/model/transport/http-fetch.js";
import { loadProxyRouting } from "../../../../src/model/transport/proxy-routing.js";
import { ForwardProxy } from "../../../support/forward-proxy.js";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** A server on 127.0.0.1 that redirects `/moved` to `/new` and answers anything else with its path. */
async function origin(ctx: TestContext): Promise<number> {
  const server = http.createServer((req, res) => {
    if (req.url === "/moved") res.writeHead(302, { location: "/new" }).end();
    else res.end(`at ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  ctx.onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

/** A fetch routed by HTTP_PROXY=`proxy` (NO_PROXY=127.0.0.1), with the global fetch spied on. */
async function proxiedFetch(proxy: string) {
  for (const name of ["https_proxy", "all_proxy", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "no_proxy"]) vi.stubEnv(name, undefined);
  vi.stubEnv("HTTP_PROXY", proxy);
  vi.stubEnv("NO_PROXY", "127.0.0.1");
  const globalFetch = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("from the global fetch"));
  return { fetch: createHttpFetch(await loadProxyRouting(process.env)), globalFetch };
}

describe("createHttpFetch with a proxy", () => {
  it("sends a proxied URL through the proxy", async (ctx) => {
    const port = await origin(ctx);
    const proxy = await ForwardProxy.start({ "origin.internal.test": "127.0.0.1" });
    ctx.onTestFinished(() => proxy.close());
    const { fetch } = await proxiedFetch(proxy.url());
    const r = await fetch(`http://origin.internal.test:${port}/hello`);
    expect(await r.text()).toBe("at /hello");
    expect(proxy.requests.map((q) => `${q.method} ${q.target}`)).toEqual([`GET origin.internal.test:${port}`]);
  });

  it("a redirect of a proxied request is not handed to the global fetch", async (ctx) => {
    const port = await origin(ctx);
    const proxy = await ForwardProxy.start({ "origin.internal.test": "127.0.0.1" });
    ctx.onTestFinished(() => proxy.close());
    const { fetch, globalFetch } = await proxiedFetch(proxy.url());
    const failure = await fetch(`http://origin.internal.test:${port}/moved`).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).cause).toEqual(new Error(`codex-exec sends through a proxy only plain requests without redirects; this request to http://origin.internal.test:${port} would bypass it`));
    expect(globalFetch).not.toHaveBeenCalled();
    // `redirect: "manual"` (what the MCP SDK asks) gets the 302 itself.
    expect((await fetch(`http://origin.internal.test:${port}/moved`, { redirect: "manual" })).status).toBe(302);
  });

  it("a body only the global fetch can send fails for a proxied URL, and goes there for a direct one", async (ctx) => {
    const port = await origin(ctx);
    const { fetch, globalFetch } = await proxiedFetch("http://127.0.0.1:1");
    const body = new Blob(["x"]);
    await expect(fetch(`http://origin.internal.test:${port}/`, { method: "POST", body })).rejects.toThrow("fetch failed");
    expect(globalFetch).not.toHaveBeenCalled();
    const direct = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body });
    expect(await direct.text()).toBe("from the global fetch");
    expect(globalFetch).toHaveBeenCalledOnce();
  });

  it("a proxy that cannot be reached is named in the error, password masked", async () => {
    const { fetch } = await proxiedFetch("http://u:pw@127.0.0.1:1");
    const failure = await fetch("http://origin.internal.test/").catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TypeError);
    expect(((failure as TypeError).cause as Error).message).toBe("ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:1) through proxy http://u:****@127.0.0.1:1");
  });

  it("a NO_PROXY host is reached directly", async (ctx) => {
    const port = await origin(ctx);
    const proxy = await ForwardProxy.start({});
    ctx.onTestFinished(() => proxy.close());
    const { fetch } = await proxiedFetch(proxy.url());
    expect(await (await fetch(`http://127.0.0.1:${port}/d`)).text()).toBe("at /d");
    expect(proxy.requests).toEqual([]);
  });
});
