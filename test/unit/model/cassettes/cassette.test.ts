// The cassette files: schemas of the manifest and exchanges, file names, and the SSE data codec.

import { describe, expect, it } from "vitest";
import { CassetteExchange, CassetteManifest, describeSchemaError, exchangeFileName, isExchangeFileName } from "../../../../src/model/cassettes/cassette.js";
import { encodeSseFrame, SseFrameDecoder } from "../../../../src/model/transport/sse-codec.js";

const request = { method: "POST", path: "/responses", headers: { originator: "codex_exec" }, body: { input: [] } };

describe("CassetteExchange", () => {
  it.each([
    { name: "sse", response: { status: 200, headers: { "content-type": "text/event-stream" }, events: [{ type: "response.created" }, "[DONE]"] } },
    { name: "sse cut by a reset", response: { status: 200, headers: {}, events: [], stream_error: "terminated" } },
    { name: "body", response: { status: 429, headers: { "retry-after": "1" }, body: { error: { message: "slow down" } } } },
    { name: "text body", response: { status: 502, headers: {}, body: "<html>bad gateway</html>" } },
    { name: "network error", response: { network_error: "connect ECONNREFUSED" } },
  ])("accepts $name", ({ response }) => {
    expect(CassetteExchange.safeParse({ request, response }).success).toBe(true);
  });

  it.each([
    { name: "events and body together", response: { status: 200, headers: {}, events: [], body: null } },
    { name: "a status that is not a number", response: { status: "200", headers: {}, events: [] } },
    { name: "a header that is not text", response: { status: 200, headers: { a: 1 }, events: [] } },
  ])("rejects $name", ({ response }) => {
    expect(CassetteExchange.safeParse({ request, response }).success).toBe(false);
  });

  it("describes the first problem as path: message", () => {
    const r = CassetteManifest.safeParse({ version: 2, created: "x", codex_exec_version: "0.1.0", model: "m", wire: "responses", count: 1 });
    expect(r.success).toBe(false);
    if (!r.success) expect(describeSchemaError(r.error)).toMatch(/^version: /);
  });
});

describe("file names", () => {
  it("exchange n is a zero-padded 1-based number", () => {
    expect([1, 12, 10000].map(exchangeFileName)).toEqual(["0001.json", "0012.json", "10000.json"]);
    expect(["0001.json", "manifest.json", "README.md", "1.json"].map(isExchangeFileName)).toEqual([true, false, false, false]);
  });
});

describe("SSE codec", () => {
  it("decodes frames split anywhere, CRLF or LF, skipping comments; keeps non-JSON data as text", () => {
    const text = 'event: response.created\r\ndata: {"type":"response.created"}\r\n\r\n: keep-alive\n\ndata: {"a":\ndata: 1}\n\ndata: [DONE]\n\n';
    const decoder = new SseFrameDecoder();
    for (const piece of text.match(/[\s\S]{1,7}/g) ?? []) decoder.push(piece);
    expect(decoder.values).toEqual([{ type: "response.created" }, { a: 1 }, "[DONE]"]);
  });

  it("encodes Responses events with their event line, chat chunks and text without", () => {
    expect(encodeSseFrame({ type: "response.completed", n: 1 })).toBe('event: response.completed\ndata: {"type":"response.completed","n":1}\n\n');
    expect(encodeSseFrame({ object: "chat.completion.chunk" })).toBe('data: {"object":"chat.completion.chunk"}\n\n');
    expect(encodeSseFrame("[DONE]")).toBe("data: [DONE]\n\n");
    expect(encodeSseFrame("two\nlines")).toBe("data: two\ndata: lines\n\n");
  });

  it("round-trips", () => {
    const values = [{ type: "x", text: "multi\nline" }, [1, 2], '"quoted"', "[DONE]"];
    const decoder = new SseFrameDecoder();
    decoder.push(values.map(encodeSseFrame).join(""));
    expect(decoder.values).toEqual(values);
  });
});
