// The node:http fetch the model client uses: what the openai SDK needs of fetch, and undici's error shapes.

import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { httpFetch } from "../../../../src/model/transport/http-fetch.js";

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

async function serve(handler: Handler): Promise<string> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    handler(req, Buffer.concat(chunks).toString("utf8"), res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("httpFetch", () => {
  it("sends method, headers and a string body; returns status, headers, url and the body", async () => {
    let seen: { method?: string; headers?: http.IncomingHttpHeaders; body?: string } = {};
    const base = await serve((req, body, res) => {
      seen = { method: req.method ?? "", headers: req.headers, body };
      res.writeHead(201, "Made", { "content-type": "application/json", "x-request-id": "req_1" });
      res.end(JSON.stringify({ ok: true }));
    });
    const headers = new Headers({ "content-type": "application/json", authorization: "Bearer k" });
    const r = await httpFetch(`${base}/v1/responses?x=1`, { method: "POST", headers, body: '{"a":"é"}' });
    expect(seen.method).toBe("POST");
    expect(seen.body).toBe('{"a":"é"}');
    expect(seen.headers?.["authorization"]).toBe("Bearer k");
    expect(seen.headers?.["content-length"]).toBe(String(Buffer.byteLength('{"a":"é"}')));
    expect(r.status).toBe(201);
    expect(r.ok).toBe(true);
    expect(r.statusText).toBe("Made");
    expect(r.url).toBe(`${base}/v1/responses?x=1`);
    expect(r.headers.get("x-request-id")).toBe("req_1");
    expect(await r.json()).toEqual({ ok: true });
  });

  it("accepts headers as a record or as pairs", async () => {
    const got: string[] = [];
    const base = await serve((req, _body, res) => {
      got.push(String(req.headers["x-a"]));
      res.end("");
    });
    await (await httpFetch(base, { headers: { "X-A": "1" } })).text();
    await (await httpFetch(base, { headers: [["x-a", "2"]] })).text();
    expect(got).toEqual(["1", "2"]);
  });

  it("an error status is a response, not a rejection; 204 has a null body", async () => {
    const base = await serve((req, _body, res) => {
      if (req.url === "/none") {
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(429, { "retry-after": "3" });
      res.end('{"error":{"message":"slow down"}}');
    });
    const r = await httpFetch(`${base}/x`, { method: "POST", body: "{}" });
    expect([r.status, r.ok, r.headers.get("retry-after")]).toEqual([429, false, "3"]);
    expect(await r.text()).toBe('{"error":{"message":"slow down"}}');
    const none = await httpFetch(`${base}/none`);
    expect([none.status, none.body]).toEqual([204, null]);
  });

  it("decompresses gzip, deflate and br bodies", async () => {
    const text = "data: hello\n\n".repeat(100);
    const base = await serve((req, _body, res) => {
      const enc = req.url?.slice(1) ?? "";
      const body = enc === "gzip" ? zlib.gzipSync(text) : enc === "deflate" ? zlib.deflateSync(text) : zlib.brotliCompressSync(text);
      res.writeHead(200, { "content-encoding": enc });
      res.end(body);
    });
    for (const enc of ["gzip", "deflate", "br"]) {
      expect(await (await httpFetch(`${base}/${enc}`)).text()).toBe(text);
    }
  });

  it("streams the body as it arrives", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const base = await serve((_req, _body, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("first\n");
      void gate.then(() => res.end("second\n"));
    });
    const r = await httpFetch(base);
    const reader = (r.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value ?? []).toString()).toBe("first\n");
    release();
    let rest = "";
    for (let c = await reader.read(); !c.done; c = await reader.read()) rest += Buffer.from(c.value).toString();
    expect(rest).toBe("second\n");
  });

  it("a refused connection rejects with TypeError('fetch failed') and the cause", async () => {
    // Port 1 is privileged and unused, so nothing listens there; the port of a server just closed could
    // be taken by another process meanwhile.
    const err = await httpFetch("http://127.0.0.1:1/").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe("fetch failed");
    expect(((err as TypeError).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("a body cut mid-stream errors with TypeError('terminated')", async () => {
    let cut: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (cut = resolve));
    const base = await serve((_req, _body, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("partial\n");
      void gate.then(() => res.socket?.destroy());
    });
    const r = await httpFetch(base);
    // Cut once the client holds the response and the first part of the body: mid-stream, whatever the timing.
    const reader = (r.body as ReadableStream<Uint8Array>).getReader();
    expect(Buffer.from((await reader.read()).value ?? []).toString()).toBe("partial\n");
    cut();
    const err = await reader.read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe("terminated");
  });

  it("aborting before the response rejects with the AbortError; after it, the body errors", async () => {
    const base = await serve((req, _body, res) => {
      if (req.url === "/hang") return;
      res.writeHead(200);
      res.write("some");
    });
    const early = new AbortController();
    const pending = httpFetch(`${base}/hang`, { signal: early.signal });
    early.abort();
    expect(await pending.catch((e: unknown) => (e as Error).name)).toBe("AbortError");

    const already = new AbortController();
    already.abort();
    expect(await httpFetch(base, { signal: already.signal }).catch((e: unknown) => (e as Error).name)).toBe("AbortError");

    const late = new AbortController();
    const r = await httpFetch(base, { signal: late.signal });
    const reading = r.text().catch((e: unknown) => (e as Error).name);
    late.abort();
    expect(await reading).toBe("AbortError");
  });

  it("hands what it does not handle to the global fetch (here: a data: URL)", async () => {
    const r = await httpFetch("data:text/plain,hi");
    expect(await r.text()).toBe("hi");
  });

  it("follows a redirect (through the global fetch)", async () => {
    const base = await serve((req, _body, res) => {
      if (req.url === "/old") {
        res.writeHead(307, { location: "/new" });
        res.end();
        return;
      }
      res.end(`at ${req.url ?? ""}`);
    });
    const r = await httpFetch(`${base}/old`, { method: "POST", body: "x" });
    expect(await r.text()).toBe("at /new");
  });
});
