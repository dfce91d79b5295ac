// The HTTP transport of a run: node:http straight to the host, or through the proxy the environment names.
// Proxy support (proxy-routing.ts and its packages) is imported only when a proxy variable is set.

import { createHttpFetch, httpFetch } from "./http-fetch.js";
import { maskProxyUrl } from "./mask-proxy-url.js";
import { proxyConfigured } from "./proxy-env.js";

type Env = Readonly<Record<string, string | undefined>>;

export interface OutboundHttp {
  /** What model requests are sent with. */
  fetch: typeof globalThis.fetch;
  /**
   * What MCP servers over HTTP must be given, or undefined to leave them the SDK's default (the global
   * fetch, which ignores proxy variables): set exactly when a proxy variable is.
   */
  mcpFetch: typeof globalThis.fetch | undefined;
  /** The proxy requests to `url` go through, credentials masked; null when they connect directly. */
  proxyFor(url: string): string | null;
}

const DIRECT: OutboundHttp = { fetch: httpFetch, mcpFetch: undefined, proxyFor: () => null };

/**
 * The transport for `env`, which must be the process environment (proxy-routing.ts says why). The proxy
 * agent for `firstUrl` (the model's base URL) starts loading at once, while the session starts.
 */
export async function outboundHttp(env: Env, firstUrl: string): Promise<OutboundHttp> {
  if (!proxyConfigured(env)) return DIRECT;
  const { loadProxyRouting } = await import("./proxy-routing.js");
  const routing = await loadProxyRouting(env);
  const first = safeUrl(firstUrl);
  // A failure shows again, and is reported, when the first request asks for the same route.
  if (first !== null) routing.routeFor(first).catch(() => undefined);
  const fetch = createHttpFetch(routing);
  return {
    fetch,
    mcpFetch: fetch,
    proxyFor: (url) => {
      const target = safeUrl(url);
      const proxy = target === null ? null : routing.proxyFor(target);
      return proxy === null ? null : maskProxyUrl(proxy);
    },
  };
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
