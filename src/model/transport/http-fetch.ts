// The model client's HTTP transport: a `fetch` over node:http / node:https for the openai SDK.
//
// Node 20's global fetch (undici) costs ~10 MB of resident memory to load (its Headers and Response
// classes too), and compiles a WebAssembly HTTP parser on its first request: 50 ms of CPU in every run
// (README "Performance"). node:http's parser is native and already loaded, and the response is a
// FetchResponse with FetchHeaders, which load nothing. Only what the SDK sends is handled here — a string
// or byte body, http(s) URLs — and anything else (and any redirect) is handed to the global fetch, so
// behaviour never narrows. Errors look like undici's: `TypeError("fetch failed", { cause })` before the
// response, a `TypeError("terminated")` inside the body, a DOMException `AbortError` when the signal fires.
// With a proxy (createHttpFetch with a router), requests go through its agents, and a request the global
// fetch would have to make for a proxied URL fails instead: Node 20's fetch ignores proxy variables.

import http from "node:http";
import https from "node:https";
import { PassThrough, type Duplex, type Readable } from "node:stream";
import zlib from "node:zlib";
import { isAbortError } from "../../errors.js";
import { FetchHeaders } from "./fetch-headers.js";
import { FetchResponse } from "./fetch-response.js";

/** Keep-alive agents, as fetch has: a thread's follow-up requests reuse the connection. Free sockets do not hold the process. */
const AGENTS = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) } as const;

/** Statuses whose response has no body (a Response built with one throws). */
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

type FetchInit = Parameters<typeof globalThis.fetch>[1];

/** Where a proxied run's requests go (model/transport/proxy-routing.ts). */
export interface RequestRouter {
  /** The proxy for `url` (its agent, and its URL masked for messages), or null to connect directly. */
  routeFor(url: URL): Promise<ProxyRoute | null>;
}

export interface ProxyRoute {
  agent: http.Agent;
  /** The proxy's URL with credentials masked. */
  label: string;
}

/** The direct transport: what every run without a proxy variable uses. */
export const httpFetch: typeof globalThis.fetch = createHttpFetch(null);

/** A fetch over node:http(s); with a `router`, through its proxies, never around them. */
export function createHttpFetch(router: RequestRouter | null): typeof globalThis.fetch {
  return (input, init) => {
    const url = typeof input === "string" ? safeUrl(input) : input instanceof URL ? input : null;
    const body = init?.body;
    const simpleBody = body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array;
    const viaGlobalFetch = (): Promise<Response> => globalThis.fetch(input, init);
    if (url === null || !isHttp(url) || !simpleBody) {
      const target = url ?? (typeof input === "object" && "url" in input ? safeUrl(input.url) : null);
      return router === null ? viaGlobalFetch() : unlessProxied(router, [target], viaGlobalFetch);
    }
    const direct = AGENTS[url.protocol as "http:" | "https:"];
    if (router === null) return request(url, init, body ?? null, direct, null, viaGlobalFetch);
    return router.routeFor(url).then(
      (route) =>
        request(url, init, body ?? null, route?.agent ?? direct, route?.label ?? null, (location) =>
          unlessProxied(router, [url, location], viaGlobalFetch),
        ),
      (err: unknown) => Promise.reject(new TypeError("fetch failed", { cause: err })),
    );
  };
}

/** The global fetch, unless one of `urls` is proxied: it would connect directly, so the request fails instead. */
async function unlessProxied(router: RequestRouter, urls: ReadonlyArray<URL | null>, viaGlobalFetch: () => Promise<Response>): Promise<Response> {
  for (const url of urls) {
    if (url === null || !isHttp(url) || (await router.routeFor(url).catch(() => "broken")) === null) continue;
    const why = `codex-exec sends through a proxy only plain requests without redirects; this request to ${url.origin} would bypass it`;
    throw new TypeError("fetch failed", { cause: new Error(why) });
  }
  return viaGlobalFetch();
}

function request(
  url: URL,
  init: FetchInit,
  body: string | Uint8Array | null,
  agent: http.Agent,
  proxyLabel: string | null,
  viaGlobalFetch: (location: URL | null) => Promise<Response>,
): Promise<Response> {
  const signal = init?.signal ?? null;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const method = (init?.method ?? "GET").toUpperCase();
  const headers = headerRecord(init?.headers);
  const payload = body === null ? null : typeof body === "string" ? Buffer.from(body, "utf8") : body;
  if (payload !== null) headers["content-length"] = String(payload.byteLength);
  if (!("accept-encoding" in headers)) headers["accept-encoding"] = "gzip, deflate, br";
  const client = url.protocol === "https:" ? https : http;

  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    let bodyStream: Readable | null = null;
    const onAbort = (): void => {
      const reason = abortReason(signal);
      req.destroy(reason as Error);
      bodyStream?.destroy(reason as Error);
      if (!settled) {
        settled = true;
        reject(reason);
      }
    };
    const done = (): void => signal?.removeEventListener("abort", onAbort);
    const req = client.request(url, { method, headers, agent }, (res) => {
      const status = res.statusCode ?? 0;
      if (REDIRECT_STATUS.has(status) && res.headers.location !== undefined && init?.redirect !== "manual") {
        // Rare for a model API: let the full implementation follow it, from the start.
        res.resume();
        done();
        settled = true;
        resolve(viaGlobalFetch(safeUrl(res.headers.location, url)));
        return;
      }
      let response: FetchResponse;
      try {
        bodyStream = decoded(res);
        const noBody = method === "HEAD" || NULL_BODY_STATUS.has(status);
        if (noBody) res.resume();
        response = new FetchResponse(noBody ? null : webStream(bodyStream), {
          status,
          statusText: validStatusText(res.statusMessage),
          headers: responseHeaders(res.rawHeaders),
          url: url.href,
        });
      } catch (err) {
        res.destroy();
        done();
        settled = true;
        reject(new TypeError("fetch failed", { cause: err }));
        return;
      }
      res.once("close", done);
      settled = true;
      // Response-shaped: everything the SDK and our clients read from a Response (see fetch-response.ts).
      resolve(response as unknown as Response);
    });
    req.on("error", (err) => {
      done();
      if (settled) return;
      settled = true;
      reject(isAbortError(err) ? err : new TypeError("fetch failed", { cause: proxyLabel === null ? err : throughProxy(err, proxyLabel) }));
    });
    signal?.addEventListener("abort", onAbort, { once: true });
    req.end(payload ?? undefined);
  });
}

/** The body as the SDK should read it: decompressed per Content-Encoding; a cut connection is `TypeError("terminated")`. */
function decoded(res: http.IncomingMessage): Readable {
  const encoding = String(res.headers["content-encoding"] ?? "").trim().toLowerCase();
  // Flush what arrived: an event stream must not wait for the next compressed block.
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const out: Duplex =
    encoding === "gzip" || encoding === "x-gzip"
      ? zlib.createGunzip(flush)
      : encoding === "deflate"
        ? zlib.createInflate(flush)
        : encoding === "br"
          ? zlib.createBrotliDecompress({
              flush: zlib.constants.BROTLI_OPERATION_FLUSH,
              finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
            })
          : new PassThrough();
  res.on("data", (chunk: Buffer) => {
    if (!out.write(chunk)) {
      res.pause();
      out.once("drain", () => res.resume());
    }
  });
  res.on("end", () => out.end());
  // A response cut mid-body emits `aborted` and an ECONNRESET error; undici calls that "terminated".
  const cut = (cause: unknown): void => {
    out.destroy(isAbortError(cause) ? (cause as Error) : new TypeError("terminated", { cause }));
  };
  res.on("aborted", () => cut(new Error("other side closed")));
  res.on("error", cut);
  out.on("close", () => {
    if (!res.complete) res.destroy();
  });
  return out;
}

/**
 * The body as a web stream that reads only when the SDK asks (high-water mark 0). Node 20's
 * `Readable.toWeb` counts chunks, not bytes, against a 16 Ki high-water mark, so it would read a
 * fast response entirely into memory ahead of the parser.
 */
function webStream(body: Readable): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      },
      cancel(reason) {
        body.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Request headers as a plain record with lower-case names (from Headers, an array of pairs, or a record). */
function headerRecord(init: NonNullable<FetchInit>["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  const add = (name: string, value: string): void => {
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  };
  if (Array.isArray(init)) for (const [name, value] of init as Array<[string, string]>) add(name, value);
  else if (typeof (init as Headers).forEach === "function" && typeof (init as Headers).get === "function") {
    (init as Headers).forEach((value, name) => add(name, value));
  } else for (const [name, value] of Object.entries(init as Record<string, string>)) add(name, value);
  return out;
}

/** A reason phrase a platform Response accepts (the record wrapper builds one from ours). */
function validStatusText(text: string | undefined): string {
  return text !== undefined && /^[\t\x20-\x7e\x80-\xff]*$/.test(text) ? text : "";
}

function responseHeaders(raw: readonly string[]): FetchHeaders {
  const headers = new FetchHeaders();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {
      // A header fetch would reject (invalid name or value) is dropped, not fatal.
    }
  }
  return headers;
}

/**
 * A connection error on the way through a proxy, saying which proxy: the message is all a user sees (the
 * model client shows the innermost cause, so this one has none).
 */
function throughProxy(err: Error, proxy: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  return new Error(`${code ? `${code} (${err.message})` : err.message} through proxy ${proxy}`);
}

/** What fetch rejects with when its signal fires: the signal's reason. */
function abortReason(signal: AbortSignal | null): unknown {
  const reason: unknown = signal?.reason;
  return reason ?? new DOMException("This operation was aborted", "AbortError");
}


function isHttp(url: URL): boolean {
  return url.protocol === "http:" || url.protocol === "https:";
}

function safeUrl(text: string, base?: URL): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}
