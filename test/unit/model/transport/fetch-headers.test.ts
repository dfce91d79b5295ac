// FetchHeaders and FetchResponse: the parts of WHATWG Headers/Response our fetch and the SDK rely on, without undici.

import { describe, expect, it } from "vitest";
import { FetchHeaders } from "../../../../src/model/transport/fetch-headers.js";
import { FetchResponse } from "../../../../src/model/transport/fetch-response.js";

describe("FetchHeaders", () => {
  it("reads like the platform's Headers: case-insensitive, joined, sorted, set-cookie kept apart", () => {
    const init: Array<[string, string]> = [
      ["X-B", " two "],
      ["x-a", "1"],
      ["X-A", "2"],
      ["Set-Cookie", "a=1"],
      ["set-cookie", "b=2"],
    ];
    const ours = new FetchHeaders(init);
    const platform = new Headers(init);
    expect([...ours]).toEqual([...platform]);
    expect(ours.get("X-a")).toBe(platform.get("X-a"));
    expect(ours.get("x-b")).toBe("two");
    expect(ours.get("missing")).toBeNull();
    expect(ours.getSetCookie()).toEqual(platform.getSetCookie());
    expect([...ours.keys()]).toEqual([...platform.keys()]);
  });

  it("set, delete and has; a record, another Headers, or pairs as init", () => {
    const h = new FetchHeaders({ Accept: "text/event-stream" });
    h.set("accept", "application/json");
    h.append("x-one", "1");
    h.delete("X-ONE");
    expect(h.has("ACCEPT")).toBe(true);
    expect(h.has("x-one")).toBe(false);
    expect(Object.fromEntries(new FetchHeaders(new Headers({ a: "1" })))).toEqual({ a: "1" });
    expect(Object.fromEntries(new FetchHeaders(h))).toEqual({ accept: "application/json" });
    const seen: string[] = [];
    h.forEach((value, name) => seen.push(`${name}=${value}`));
    expect(seen).toEqual(["accept=application/json"]);
  });

  it("rejects a name that is not an HTTP token, as the platform does", () => {
    expect(() => new FetchHeaders().append("bad name", "x")).toThrow(TypeError);
    expect(() => new Headers().append("bad name", "x")).toThrow(TypeError);
  });

  it("instanceof holds for both kinds (the SDK checks `instanceof Headers`)", () => {
    expect(new FetchHeaders()).toBeInstanceOf(FetchHeaders);
    expect(new Headers()).toBeInstanceOf(FetchHeaders);
    expect({ get: () => null }).not.toBeInstanceOf(FetchHeaders);
  });

  it("a platform Response takes it as its headers (the record wrapper builds one)", () => {
    const r = new Response("x", { headers: new FetchHeaders({ "X-Request-Id": "req_1" }) as unknown as Headers });
    expect(r.headers.get("x-request-id")).toBe("req_1");
  });
});

describe("FetchResponse", () => {
  const bodyOf = (...parts: string[]): ReadableStream<Uint8Array> =>
    new ReadableStream({
      start(c) {
        for (const p of parts) c.enqueue(new TextEncoder().encode(p));
        c.close();
      },
    });
  const init = (status: number) => ({ status, statusText: "", headers: new FetchHeaders(), url: "http://127.0.0.1/x" });

  it("text and json read the whole body; ok follows the status", async () => {
    const r = new FetchResponse(bodyOf('{"a":', "1}"), init(200));
    expect(r.ok).toBe(true);
    expect(r.bodyUsed).toBe(false);
    expect(await r.json()).toEqual({ a: 1 });
    expect(r.bodyUsed).toBe(true);
    await expect(r.text()).rejects.toThrow(TypeError);
    expect(new FetchResponse(null, init(404)).ok).toBe(false);
    expect(await new FetchResponse(null, init(204)).text()).toBe("");
  });

  it("decodes UTF-8 split across chunks and drops a BOM, as Response.text() does", async () => {
    const bytes = new TextEncoder().encode("\uFEFFhé✓");
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const b of bytes) c.enqueue(new Uint8Array([b]));
        c.close();
      },
    });
    expect(await new FetchResponse(body, init(200)).text()).toBe("hé✓");
  });
});
