// Which proxy each outbound request goes through, and the agent that speaks to it: proxy-from-env reads
// HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY, the proxy-agents packages do CONNECT, absolute-form and SOCKS.
// Loaded with import() only when a proxy variable is set (see outbound-http.ts); every package here is too.

import type http from "node:http";
import { castToError } from "../../errors.js";
import type { ProxyRoute, RequestRouter } from "./http-fetch.js";
import { maskProxyUrl } from "./mask-proxy-url.js";
import { proxyValues } from "./proxy-env.js";

type Env = Readonly<Record<string, string | undefined>>;
type GetProxyForUrl = (url: string) => string;

/** The proxy decisions of a run; `routeFor` is what the node:http fetch asks (RequestRouter). */
export interface ProxyRouting extends RequestRouter {
  /** The proxy `url` goes through (credentials included), or null for a direct connection. */
  proxyFor(url: URL): string | null;
}

/**
 * Proxy routing for the process environment. proxy-from-env reads `process.env` itself (it takes no
 * environment), so `env` must be that same environment: it is only consulted to tell a scheme-less value.
 */
export async function loadProxyRouting(env: Env): Promise<ProxyRouting> {
  const { getProxyForUrl } = await import("proxy-from-env");
  const routes = new Map<string, Promise<ProxyRoute>>();
  const proxyFor = (url: URL): string | null => resolveProxy(getProxyForUrl, url, env);
  return {
    proxyFor,
    routeFor(url) {
      const proxy = proxyFor(url);
      if (proxy === null) return Promise.resolve(null);
      // One keep-alive agent per proxy and kind of target, so a thread's requests reuse the tunnel.
      const key = `${url.protocol} ${proxy}`;
      let route = routes.get(key);
      if (route === undefined) {
        const label = maskProxyUrl(proxy);
        route = createProxyAgent(proxy, url.protocol === "https:").then(
          (agent) => ({ agent, label }),
          (err: unknown) => Promise.reject(new Error(`proxy ${label}: ${castToError(err).message}`)),
        );
        routes.set(key, route);
      }
      return route;
    },
  };
}

/**
 * The proxy for `url` per proxy-from-env: `<scheme>_proxy`, else `all_proxy`, each in lower case first, unless
 * NO_PROXY matches; null for none. A value without a scheme (`proxy:3128`) is an HTTP proxy, as curl has it
 * (proxy-from-env would lend it the target's scheme and speak TLS to the proxy of an https URL).
 */
export function resolveProxy(getProxyForUrl: GetProxyForUrl, url: URL, env: Env): string | null {
  const proxy = getProxyForUrl(url.href);
  if (proxy === "") return null;
  const lent = `${url.protocol}//`;
  if (proxy.startsWith(lent)) {
    const bare = proxy.slice(lent.length);
    if (proxyValues(env).includes(bare)) return `http://${bare}`;
  }
  return proxy;
}

/** CONNECT tunnels for https targets, absolute-form requests for http ones, SOCKS for socks URLs. */
async function createProxyAgent(proxy: string, secureTarget: boolean): Promise<http.Agent> {
  const options = { keepAlive: true };
  const scheme = proxy.slice(0, proxy.indexOf(":")).toLowerCase();
  if (scheme.startsWith("socks")) {
    const { SocksProxyAgent } = await import("socks-proxy-agent");
    return new SocksProxyAgent(proxy, options);
  }
  if (scheme !== "http" && scheme !== "https") {
    throw new TypeError(`unsupported scheme "${scheme}:"; use http, https, socks4, socks5 or socks5h`);
  }
  if (secureTarget) {
    const { HttpsProxyAgent } = await import("https-proxy-agent");
    return new HttpsProxyAgent(proxy, options);
  }
  const { HttpProxyAgent } = await import("http-proxy-agent");
  return new HttpProxyAgent(proxy, options);
}
