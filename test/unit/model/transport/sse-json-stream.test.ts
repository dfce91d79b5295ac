// sseJsonBatches: the same events as the openai SDK's Stream, however the bytes are chunked, a batch per read.

import { APIError } from "openai";
import { Stream } from "openai/streaming";
import { describe, expect, it } from "vitest";
import { StreamError } from "../../../../src/errors.js";
import { LARGE_PAYLOAD_CHARS, sseJsonBatches, type SseReadOptions } from "../../../../src/model/transport/sse-json-stream.js";

/** A Response whose body delivers `parts` (strings or bytes) one read at a time. */
function responseOf(parts: ReadonlyArray<string | Uint8Array>, opts: { hang?: boolean } = {}): Response {
  const queue = parts.map((p) => (typeof p === "string" ? new TextEncoder().encode(p) : p));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = queue.shift();
      if (next) controller.enqueue(next);
      else if (!opts.hang) controller.close();
    },
  });
  return new Response(body, { headers: { "x-request-id": "req_1" } });
}

async function batches(response: Response, opts: Partial<SseReadOptions> = {}): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const batch of sseJsonBatches(response, { controller: new AbortController(), idleTimeoutMs: 5_000, ...opts })) out.push(batch);
  return out;
}

async function collect(response: Response, opts: Partial<SseReadOptions> = {}): Promise<unknown[]> {
  return (await batches(response, opts)).flat();
}

async function viaSdk(parts: ReadonlyArray<string | Uint8Array>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const v of Stream.fromSSEResponse(responseOf(parts), new AbortController())) out.push(v);
  return out;
}

/** Cut `bytes` at every `step` bytes (so multi-byte characters and CR LF pairs get split too). */
function cut(text: string, step: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += step) out.push(bytes.subarray(i, i + step));
  return out;
}

const CORPUS = [
  'event: response.created\ndata: {"type":"response.created","n":1}\n\n',
  ": a comment line\n\n",
  'data: {"type":"delta","delta":"héllo ✓ 😀"}\r\n\r\n',
  'event: x\rdata: {"type":"cr-only"}\r\r',
  'data:{"type":"no-space"}\n\n',
  'data: {"type":"multi",\ndata: "line":true}\n\n',
  "id: 7\nretry: 100\n",
  'data: {"type":"after-id"}\n\n',
  'data: {"type":"last"}\n\n',
  'data: {"type":"unterminated"}',
].join("");

describe("sseJsonBatches", () => {
  it("yields what the SDK's Stream yields, for any chunking", async () => {
    const expected = await viaSdk([CORPUS]);
    expect(expected.map((e) => (e as { type: string }).type)).toEqual([
      "response.created",
      "delta",
      "cr-only",
      "no-space",
      "multi",
      "after-id",
      "last",
    ]);
    for (const step of [1, 2, 3, 5, 7, 16, 64, 4096]) {
      expect(await collect(responseOf(cut(CORPUS, step)))).toEqual(expected);
    }
  });

  it("[DONE] ends the events", async () => {
    const events = await collect(responseOf(['data: {"type":"a"}\n\n', "data: [DONE]\n\n", 'data: {"type":"b"}\n\n']));
    expect(events).toEqual([{ type: "a" }]);
  });

  it("a payload with an `error` member throws the SDK's APIError, with the response headers", async () => {
    const err = await collect(responseOf(['data: {"error":{"message":"boom","code":"server_error"}}\n\n'])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBeUndefined();
    expect((err as APIError).error).toEqual({ message: "boom", code: "server_error" });
    expect((err as APIError).headers?.get("x-request-id")).toBe("req_1");
  });

  it("a payload that is not JSON throws a SyntaxError (as the SDK does)", async () => {
    await expect(collect(responseOf(["data: {nope\n\n"]))).rejects.toBeInstanceOf(SyntaxError);
    await expect(viaSdk(["data: {nope\n\n"])).rejects.toBeInstanceOf(SyntaxError);
  });

  it("no bytes for idleTimeoutMs: stream_idle, and the request is aborted", async () => {
    const controller = new AbortController();
    const it = sseJsonBatches(responseOf(['data: {"type":"a"}\n\n'], { hang: true }), { controller, idleTimeoutMs: 50 });
    expect((await it.next()).value).toEqual([{ type: "a" }]);
    const err = await it.next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).code).toBe("stream_idle");
    expect(controller.signal.aborted).toBe(true);
  });

  it("an aborted read ends the events quietly (the caller knows why)", async () => {
    let reads = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (reads++ === 0) controller.enqueue(new TextEncoder().encode('data: {"type":"a"}\n\n'));
        else controller.error(new DOMException("This operation was aborted", "AbortError"));
      },
    });
    expect(await collect(new Response(body))).toEqual([{ type: "a" }]);
  });

  it("a body that breaks mid-stream throws its error", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.error(new TypeError("terminated"));
      },
    });
    await expect(collect(new Response(body))).rejects.toThrow("terminated");
  });

  it("one batch per read, in order, never empty", async () => {
    const got = await batches(responseOf(['data: {"n":1}\n\ndata: {"n":2}\n\ndata: {"n"', ':3}\n\n', ": keep-alive\n\n", 'data: {"n":4}\n\n']));
    expect(got).toEqual([[{ n: 1 }, { n: 2 }], [{ n: 3 }], [{ n: 4 }]]);
  });

  it("the events before a failing payload in the same read are delivered first", async () => {
    const seen: unknown[] = [];
    const err = await (async () => {
      for await (const batch of sseJsonBatches(responseOf(['data: {"n":1}\n\ndata: {nope\n\ndata: {"n":2}\n\n']), {
        controller: new AbortController(),
        idleTimeoutMs: 5_000,
      })) {
        seen.push(...batch);
      }
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ n: 1 }]);
    expect(err).toBeInstanceOf(SyntaxError);
  });

  it("skips events by their SSE name without parsing them; unnamed events are always read", async () => {
    const body = [
      'event: keep\ndata: {"n":1}\n\n',
      "event: drop\ndata: {not json at all\n\n",
      'data: {"n":2}\n\n',
      'event: drop\ndata: {"error":{"message":"never seen"}}\n\n',
    ];
    expect(await collect(responseOf(body), { skip: (name) => name === "drop" })).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("tells of large payloads, skipped or parsed, per read and before that read's batch", async () => {
    const text = "x".repeat(LARGE_PAYLOAD_CHARS);
    const parsed = `data: ${JSON.stringify({ text })}\n\n`;
    const skipped = `event: drop\ndata: ${JSON.stringify({ text })}\n\n`;
    const small = 'data: {"n":1}\n\n';
    const seen: string[] = [];
    for await (const batch of sseJsonBatches(
      // One read completes a skipped and a parsed payload; one is split over three reads; one has none.
      responseOf([skipped + parsed, small + parsed.slice(0, 1000), parsed.slice(1000, 2000), parsed.slice(2000), small]),
      {
        controller: new AbortController(),
        idleTimeoutMs: 5_000,
        skip: (name) => name === "drop",
        onLargePayloads: (chars) => seen.push(`large ${chars}`),
      },
    )) {
      seen.push(`batch of ${batch.length}`);
    }
    const payload = JSON.stringify({ text }).length;
    expect(seen).toEqual([`large ${2 * payload}`, "batch of 1", "batch of 1", `large ${payload}`, "batch of 1", "batch of 1"]);
  });
});
