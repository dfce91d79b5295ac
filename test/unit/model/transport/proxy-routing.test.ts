// Which proxy a URL goes through, per HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY in either case (proxy-from-env underneath).

import { afterEach, describe, expect, it, vi } from "vitest";
import { proxyConfigured } from "../../../../src/model/transport/proxy-env.js";
import { loadProxyRouting } from "../../../../src/model/transport/proxy-routing.js";

const NAMES = ["http_proxy", "https_proxy", "all_proxy", "no_proxy"];

/** Stub the process environment (proxy-from-env reads it) to exactly `vars` among the proxy variables. */
function stubProxyEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  for (const name of NAMES) {
    vi.stubEnv(name, undefined);
    vi.stubEnv(name.toUpperCase(), undefined);
  }
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  return process.env;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("proxyConfigured: whether proxy support is loaded at all", () => {
  it.each([
    { env: {}, on: false },
    { env: { NO_PROXY: "*" }, on: false },
    { env: { HTTPS_PROXY: "" }, on: false },
    { env: { HTTPS_PROXY: "http://p:1" }, on: true },
    { env: { http_proxy: "http://p:1" }, on: true },
    { env: { ALL_PROXY: "socks5://p:1" }, on: true },
    { env: { all_proxy: "p:1" }, on: true },
  ])("$env → $on", ({ env, on }) => {
    expect(proxyConfigured(env)).toBe(on);
  });
});

describe("loadProxyRouting(env).proxyFor", () => {
  const HTTP = new URL("http://model.internal.test:8080/v1/responses");
  const HTTPS = new URL("https://api.openai.com/v1/responses");

  it.each([
    { name: "HTTP_PROXY for http URLs only", env: { HTTP_PROXY: "http://p:1" }, http: "http://p:1", https: null },
    { name: "HTTPS_PROXY for https URLs only", env: { HTTPS_PROXY: "http://p:2" }, http: null, https: "http://p:2" },
    { name: "lower case wins over upper case", env: { https_proxy: "http://lower:1", HTTPS_PROXY: "http://upper:1" }, http: null, https: "http://lower:1" },
    { name: "an empty lower-case value gives way", env: { https_proxy: "", HTTPS_PROXY: "http://upper:1" }, http: null, https: "http://upper:1" },
    { name: "ALL_PROXY is the fallback", env: { ALL_PROXY: "socks5h://s:1080", HTTP_PROXY: "http://p:1" }, http: "http://p:1", https: "socks5h://s:1080" },
    { name: "a scheme-less value is an HTTP proxy, for https URLs too", env: { HTTPS_PROXY: "proxy.corp:3128" }, http: null, https: "http://proxy.corp:3128" },
    { name: "an explicit https proxy stays https", env: { HTTPS_PROXY: "https://proxy.corp:3128" }, http: null, https: "https://proxy.corp:3128" },
    { name: "NO_PROXY: an exact host", env: { ALL_PROXY: "http://p:1", NO_PROXY: "api.openai.com" }, http: "http://p:1", https: null },
    { name: "NO_PROXY: a domain suffix", env: { ALL_PROXY: "http://p:1", no_proxy: ".internal.test" }, http: null, https: "http://p:1" },
    { name: "NO_PROXY: host and port", env: { ALL_PROXY: "http://p:1", NO_PROXY: "model.internal.test:9999" }, http: "http://p:1", https: "http://p:1" },
    { name: "NO_PROXY: *", env: { ALL_PROXY: "http://p:1", NO_PROXY: "*" }, http: null, https: null },
    { name: "credentials are kept (masking is for display)", env: { HTTPS_PROXY: "http://u:pw@p:1" }, http: null, https: "http://u:pw@p:1" },
  ])("$name", async ({ env, http, https }) => {
    const routing = await loadProxyRouting(stubProxyEnv(env));
    expect(routing.proxyFor(HTTP)).toBe(http);
    expect(routing.proxyFor(HTTPS)).toBe(https);
  });

  it("routeFor: one agent per proxy and scheme, labelled without the password; null when direct", async () => {
    const routing = await loadProxyRouting(stubProxyEnv({ HTTPS_PROXY: "http://u:pw@p:1", NO_PROXY: "localhost" }));
    const a = await routing.routeFor(HTTPS);
    const b = await routing.routeFor(new URL("https://other.example/x"));
    expect(a?.label).toBe("http://u:****@p:1");
    expect(b?.agent).toBe(a?.agent);
    expect(await routing.routeFor(new URL("https://localhost/x"))).toBeNull();
    expect(await routing.routeFor(HTTP)).toBeNull();
  });

  it("routeFor: an unsupported scheme fails with the masked proxy in the message", async () => {
    const routing = await loadProxyRouting(stubProxyEnv({ HTTPS_PROXY: "ftp://u:pw@p:1" }));
    await expect(routing.routeFor(HTTPS)).rejects.toThrow('proxy ftp://u:****@p:1: unsupported scheme "ftp:"; use http, https, socks4, socks5 or socks5h');
  });
});
