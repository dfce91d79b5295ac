// Recording and replaying fetch under the real openai SDK (ResponsesClient): what a cassette keeps, and what a
// replay serves, checks and refuses.

import { describe, expect, it } from "vitest";
import { ModelApiError, ReplayError, StreamError } from "../../../../src/errors.js";
import type { Cassette, CassetteExchange } from "../../../../src/model/cassettes/cassette.js";
import type { ModelEvent, Prompt } from "../../../../src/model/model-client.js";
import { modelInfoFor } from "../../../../src/model/model-info.js";
import { createRecordingFetch } from "../../../../src/model/cassettes/recording-fetch.js";
import { createReplayFetch } from "../../../../src/model/cassettes/replay-fetch.js";
import { ResponsesClient } from "../../../../src/model/responses/responses-client.js";
import { silentLogger } from "../../../../src/protocol/index.js";
import { encodeSse, responseEvents, type SseEvent } from "../../../support/sse-events.js";

const BASE_URL = "http://127.0.0.1:9/v1";
const SECRET = "sk-unit-secret-0123456789";
const CWD = "/tmp/unit-ws/repo";

function client(fetch: typeof globalThis.fetch): ResponsesClient {
  return new ResponsesClient({
    baseUrl: BASE_URL,
    apiKey: SECRET,
    headers: { originator: "codex_exec" },
    queryParams: {},
    idleTimeoutMs: 5000,
    settings: {
      model: "gpt-5.5",
      info: modelInfoFor("gpt-5.5"),
      threadId: "thread-unit-0001",
      reasoningEffort: null,
      reasoningSummary: null,
      verbosity: null,
      supportsReasoningSummaries: null,
      maxOutputTokens: null,
    },
    errorContext: { model: "gpt-5.5", providerId: "test", baseUrl: "http://127.0.0.1:1/v1", keySource: "OPENAI_API_KEY" },
    logger: silentLogger,
    fetch,
  });
}

const prompt = (text: string): Prompt => ({
  input: [{ type: "message", role: "user", content: [{ type: "input_text", text }] }],
  tools: [],
  instructions: "BASE",
});

async function collect(c: ResponsesClient, p: Prompt): Promise<ModelEvent[]> {
  const out: ModelEvent[] = [];
  for await (const ev of c.stream(p, new AbortController().signal)) out.push(ev);
  return out;
}

async function failure(c: ResponsesClient, p: Prompt): Promise<unknown> {
  try {
    await collect(c, p);
  } catch (err) {
    return err;
  }
  throw new Error("expected the stream to fail");
}

const sseResponse = (events: SseEvent[], extra: Record<string, string> = {}): Response =>
  new Response(encodeSse(events).join(""), {
    headers: { "content-type": "text/event-stream", "x-request-id": "req_1", "set-cookie": "s=1", "openai-organization": "org-9", ...extra },
  });

/** Record the responses `serve` gives, one per request, through a real client. */
function recorder(serve: (n: number) => Response | Promise<Response>) {
  const exchanges: CassetteExchange[] = [];
  let calls = 0;
  const rec = createRecordingFetch({
    inner: async () => serve(++calls),
    baseUrl: BASE_URL,
    placeholders: [
      { token: "{{cwd}}", value: CWD },
      { token: "{{thread_id}}", value: "thread-unit-0001" },
    ],
    secrets: [SECRET],
    onExchange: (n, exchange) => {
      exchanges[n - 1] = exchange;
    },
  });
  return { rec, exchanges };
}

const cassetteOf = (exchanges: CassetteExchange[]): Cassette => ({
  source: "cassettes/unit",
  manifest: { version: 1, created: "2026-01-01T00:00:00Z", codex_exec_version: "0.1.0", model: "gpt-5.5", wire: "responses", count: exchanges.length },
  exchanges,
});

function replayer(exchanges: CassetteExchange[], opts: { lenient?: boolean; cwd?: string } = {}) {
  const warnings: string[] = [];
  const fetch = createReplayFetch({
    cassette: cassetteOf(exchanges),
    baseUrl: "http://replay.invalid/v1",
    placeholders: [
      { token: "{{cwd}}", value: opts.cwd ?? CWD },
      { token: "{{thread_id}}", value: "thread-unit-0001" },
    ],
    secrets: [SECRET],
    lenient: opts.lenient ?? false,
    warn: (m) => warnings.push(m),
  });
  return { fetch, warnings };
}

const EVENTS = responseEvents([{ message: `Done in ${CWD}.` }], { input_tokens: 10, output_tokens: 2 });

describe("recording fetch", () => {
  it("passes the stream through unchanged and keeps a portable, secret-free copy", async () => {
    const direct = await collect(client(async () => sseResponse(EVENTS)), prompt(`look at ${CWD}/a.txt`));
    const { rec, exchanges } = recorder(() => sseResponse(EVENTS));
    expect(await collect(client(rec.fetch), prompt(`look at ${CWD}/a.txt`))).toEqual(direct);
    expect(rec.flush()).toBe(1);
    const [ex] = exchanges;
    expect(ex?.request).toMatchObject({
      method: "POST",
      path: "/responses",
      headers: { originator: "codex_exec", session_id: "{{thread_id}}", accept: "text/event-stream" },
      body: { input: [{ content: [{ text: "look at {{cwd}}/a.txt" }] }], prompt_cache_key: "{{thread_id}}" },
    });
    expect(ex?.response).toMatchObject({ status: 200, headers: { "content-type": "text/event-stream", "x-request-id": "req_1" } });
    const events = "events" in (ex?.response ?? {}) ? JSON.stringify(ex?.response) : "";
    expect(events).toContain('"delta":"Done in {{cwd}}."');
    expect(events).toContain('"text":"Done in {{cwd}}."');
    expect(events).not.toContain("/tmp/unit");
    const text = JSON.stringify(exchanges);
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/authorization|set-cookie|org-9|stainless|user-agent/i);
  });

  it("a body never read to the end is recorded by flush, with what arrived; an error body as JSON", async () => {
    // A server that sends two frames and then nothing, never closing the stream.
    const hanging = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new TextEncoder().encode(encodeSse(EVENTS.slice(0, 2)).join(""))),
    });
    const { rec, exchanges } = recorder((n) =>
      n === 1
        ? new Response(hanging, { headers: { "content-type": "text/event-stream" } })
        : new Response(JSON.stringify({ error: { message: "slow down" } }), { status: 429, headers: { "retry-after": "1" } }),
    );
    const res = await rec.fetch(`${BASE_URL}/responses`, { method: "POST", body: "{}" });
    expect(res.status).toBe(200);
    const err = await failure(client(rec.fetch), prompt("x"));
    expect(err).toMatchObject({ code: "api_rate_limited", retryAfterMs: 1000 });
    expect(exchanges[0]).toBeUndefined();
    expect(rec.flush()).toBe(2);
    expect(exchanges[0]?.response).toMatchObject({ status: 200, events: [{ type: "response.created" }, { type: "response.in_progress" }] });
    expect(exchanges[1]?.response).toEqual({
      status: 429,
      headers: { "content-type": "text/plain;charset=UTF-8", "retry-after": "1" },
      body: { error: { message: "slow down" } },
    });
  });

  it("a connection failure is recorded as a network error", async () => {
    const { rec, exchanges } = recorder(() => {
      throw new TypeError("fetch failed");
    });
    expect(await failure(client(rec.fetch), prompt("x"))).toMatchObject({ code: "api_connection" });
    expect(exchanges).toEqual([expect.objectContaining({ response: { network_error: "fetch failed" } })]);
  });
});

describe("replaying fetch", () => {
  async function recorded(text: string, events = EVENTS): Promise<CassetteExchange[]> {
    const { rec, exchanges } = recorder(() => sseResponse(events));
    await collect(client(rec.fetch), prompt(text));
    rec.flush();
    return exchanges;
  }

  it("serves the recording through the SDK's parser, with this run's paths, and no network", async () => {
    const exchanges = await recorded(`look at ${CWD}/a.txt`);
    const other = "/home/me/elsewhere/repo";
    const { fetch, warnings } = replayer(exchanges, { cwd: other });
    const events = await collect(client(fetch), prompt(`look at ${other}/a.txt`));
    expect(events.at(-2)).toMatchObject({ item: { content: [{ text: `Done in ${other}.` }] } });
    // The deltas that split the recorded path were joined when recording, so they carry this run's path too.
    const streamed = events.flatMap((e) => (e.type === "output_text_delta" ? [e.delta] : [])).join("");
    expect(streamed).toBe(`Done in ${other}.`);
    expect(events.at(-1)).toMatchObject({ usage: { input_tokens: 10, output_tokens: 2 } });
    expect(warnings).toEqual([]);
  });

  it("a request that differs fails the turn with where it differs; never retried", async () => {
    const { fetch } = replayer(await recorded("fix the bug"));
    const err = await failure(client(fetch), prompt("fix the typo"));
    expect(err).toBeInstanceOf(ReplayError);
    expect(err).toBeInstanceOf(ModelApiError);
    expect(err).toMatchObject({ code: "replay_mismatch", turnCode: "bad_request", retryable: false });
    expect((err as Error).message).toBe(
      'replay: request 1 does not match 0001.json of cassettes/unit: input[0] (message user).content[0].text: "fix the typo" ≠ recorded "fix the bug"',
    );
  });

  it("a message quoting 'timed out' still arrives as the replay error", async () => {
    const { fetch } = replayer(await recorded("the command timed out"));
    expect(await failure(client(fetch), prompt("the command timed out twice"))).toBeInstanceOf(ReplayError);
  });

  it("--replay-lenient warns once and serves the recording", async () => {
    const exchanges = [...(await recorded("one")), ...(await recorded("two"))];
    const { fetch, warnings } = replayer(exchanges, { lenient: true });
    const c = client(fetch);
    expect((await collect(c, prompt("uno"))).at(-1)?.type).toBe("completed");
    expect((await collect(c, prompt("dos"))).at(-1)?.type).toBe("completed");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^replay: request 1 does not match 0001\.json .*"uno" ≠ recorded "one".*\(continuing: --replay-lenient\)$/);
  });

  it("one request more than recorded is an error naming the count", async () => {
    const { fetch } = replayer(await recorded("x"));
    const c = client(fetch);
    await collect(c, prompt("x"));
    expect(await failure(c, prompt("x"))).toMatchObject({
      code: "replay_exhausted",
      message: "replay: the run made request 2, but cassettes/unit holds 1 recorded exchange",
    });
  });

  it("a stream that broke in the recording breaks the same way (a retryable stream error)", async () => {
    const [ex] = await recorded("x");
    if (ex === undefined || !("events" in ex.response)) throw new Error("expected an SSE exchange");
    const cut = { ...ex, response: { ...ex.response, events: ex.response.events.slice(0, 3), stream_error: "terminated" } };
    const err = await failure(client(replayer([cut]).fetch), prompt("x"));
    expect(err).toBeInstanceOf(StreamError);
    expect(err).toMatchObject({ retryable: true });
  });

  it("recorded HTTP errors and network errors replay as such", async () => {
    const request = (await recorded("x"))[0]?.request;
    if (request === undefined) throw new Error("no request");
    const http: CassetteExchange = { request, response: { status: 500, headers: {}, body: { error: { message: "boom" } } } };
    expect(await failure(client(replayer([http]).fetch), prompt("x"))).toMatchObject({ code: "api_server", message: "server error (500): boom" });
    const net: CassetteExchange = { request, response: { network_error: "connect ECONNREFUSED" } };
    expect(await failure(client(replayer([net]).fetch), prompt("x"))).toMatchObject({ code: "api_connection" });
  });
});
