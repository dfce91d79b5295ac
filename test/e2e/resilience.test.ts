// End to end: retries, Retry-After, reconnects, idle timeout, error mapping and signals.

import { describe, expect, it } from "vitest";
import { failed, httpError, reply, type Step } from "../support/mock-responses-server.js";
import { responseEvents } from "../support/sse-events.js";
import { parseJsonl, runCli, sequence, startCli, splitFooter } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

/** Fast retries: 1 ms base backoff, short idle timeout. */
const FAST = `retry_base_delay_ms = 1
stream_idle_timeout_ms = 2000`;

const ok = (): Step => reply([{ message: "recovered" }], { input_tokens: 10, output_tokens: 2 });

describe.concurrent("request-level retries", () => {
  it("500 every time: retries request_max_retries times, then fails with the server's message", async (t) => {
    const { ws, mock } = await scenario(
      t,
      Array.from({ length: 5 }, () => httpError(500, { error: { message: "boom", type: "server_error" } })),
      { providerExtra: `${FAST}\nrequest_max_retries = 2` },
    );
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(mock.requests).toHaveLength(3);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual(["thread.started", "turn.started", "error", "error", "error", "turn.failed"]);
    expect(events[2]).toEqual({ type: "error", message: "Reconnecting... 1/2 (server error (500): boom)" });
    expect(events[5]).toEqual({ type: "turn.failed", error: { message: "server error (500): boom", code: "server" } });
  });

  it("500 then success completes", async (t) => {
    const { ws, mock } = await scenario(t, [httpError(500, { error: { message: "flaky" } }), ok()], { providerExtra: FAST });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(2);
    expect(sequence(parseJsonl(r.stdout))).toEqual([
      "thread.started",
      "turn.started",
      "error",
      "item.completed:agent_message",
      "turn.completed",
    ]);
  });

  it("502 with an HTML body is summarised, not dumped", async (t) => {
    const html = "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>";
    const { ws } = await scenario(t, [httpError(502, html)], { providerExtra: `${FAST}\nrequest_max_retries = 0` });
    const r = await runCli(["--color", "never", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ERROR: server error (502): HTML error page: 502 Bad Gateway\n");
    expect(r.stderr).not.toContain("<center>");
    expect(r.stderr.match(/^ERROR:/gm)).toHaveLength(1);
    expect(r.stdout).toBe("");
  });

  it("429 with Retry-After: 1 waits as asked, then succeeds", async (t) => {
    const { ws, mock } = await scenario(
      t,
      [
        httpError(429, { error: { message: "slow down", type: "requests" } }, { "retry-after": "1" }),
        ok(),
      ],
      { providerExtra: FAST },
    );
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(2);
    const [first, second] = mock.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("429 usage limit is not retried", async (t) => {
    const { ws, mock } = await scenario(
      t,
      [
        httpError(429, { error: { message: "You've hit your usage limit.", type: "usage_limit_reached" } }),
      ],
      { providerExtra: FAST },
    );
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(mock.requests).toHaveLength(1);
    expect(parseJsonl(r.stdout).at(-1)).toEqual({
      type: "turn.failed",
      error: { message: "usage limit reached: You've hit your usage limit.", code: "usage_limit" },
    });
  });

  it("401 fails fast and names the variable that supplied the key", async (t) => {
    const { ws, mock } = await scenario(t, [httpError(401, { error: { message: "Incorrect API key provided" } })], {
      providerExtra: `${FAST}\nenv_key = "MOCK_KEY"`,
    });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, env: { MOCK_KEY: "bad-key" } });
    expect(r.code).toBe(1);
    expect(mock.requests).toHaveLength(1);
    const last = parseJsonl(r.stdout).at(-1);
    expect(last).toMatchObject({ type: "turn.failed", error: { code: "auth" } });
    expect(JSON.stringify(last)).toContain("MOCK_KEY");
    expect(r.stdout + r.stderr).not.toContain("bad-key");
  });

  it("400 context_length_exceeded says the conversation is too long", async (t) => {
    const { ws, mock } = await scenario(
      t,
      [
        httpError(400, { error: { message: "Input too long", code: "context_length_exceeded", type: "invalid_request_error" } }),
      ],
      { providerExtra: FAST },
    );
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(mock.requests).toHaveLength(1);
    expect(parseJsonl(r.stdout).at(-1)).toMatchObject({ type: "turn.failed", error: { code: "context_length" } });
  });
});

describe.concurrent("stream-level retries", () => {
  it("socket destroyed mid-message: reconnects and does not repeat shown output", async (t) => {
    const broken = responseEvents([{ message: "partial answer that never finishes" }]);
    const { ws, mock } = await scenario(t, [{ kind: "sse", events: broken, destroyAfter: 4 }, ok()], { providerExtra: FAST });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(2);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "error",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(events[2]).toMatchObject({ type: "error", message: expect.stringMatching(/^Reconnecting\.\.\. 1\/5 \(/) });
  });

  it("stream that ends without response.completed is retried", async (t) => {
    const cut = responseEvents([{ message: "first" }]);
    const { ws, mock } = await scenario(t, [{ kind: "sse", events: cut, endAfter: cut.length - 1 }, ok()], { providerExtra: FAST });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(2);
    const events = parseJsonl(r.stdout);
    expect(events).toContainEqual({
      type: "error",
      message: "Reconnecting... 1/5 (stream closed before response.completed)",
    });
    // The message completed in the first attempt is shown once and is in the retried request's history.
    expect(events.filter((e) => e.type === "item.completed")).toHaveLength(2);
    expect(JSON.stringify(mock.requests[1]?.body["input"])).toContain("first");
  });

  it("idle stream times out and reconnects", async (t) => {
    const slow = responseEvents([{ message: "never" }]);
    const { ws, mock } = await scenario(
      t,
      [{ kind: "sse", events: slow, hangAfter: 2 }, ok()],
      { providerExtra: `retry_base_delay_ms = 1\nstream_idle_timeout_ms = 300` },
    );
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(2);
    expect(parseJsonl(r.stdout)).toContainEqual({
      type: "error",
      message: "Reconnecting... 1/5 (idle timeout waiting for SSE (300 ms))",
    });
  });

  it("malformed SSE data is a retryable stream error", async (t) => {
    const { ws, mock } = await scenario(
      t,
      [
        { kind: "sse", events: [], rawPrefix: "event: response.output_text.delta\ndata: {not json\n\n" },
        ok(),
      ],
      { providerExtra: FAST },
    );
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(2);
    expect(parseJsonl(r.stdout)[2]).toMatchObject({ type: "error", message: expect.stringContaining("malformed SSE") });
  });

  it("response.failed with an unknown code is retried; retries exhausted → turn.failed", async (t) => {
    const { ws, mock } = await scenario(
      t,
      [failed("server_error", "synthetic"), failed("server_error", "synthetic")],
      { providerExtra: `${FAST}\nstream_max_retries = 1` },
    );
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(mock.requests).toHaveLength(2);
    expect(parseJsonl(r.stdout).at(-1)).toEqual({
      type: "turn.failed",
      error: { message: "server error: synthetic", code: "stream" },
    });
  });
});

describe.concurrent("signals", () => {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`${signal} during a stream interrupts the turn and exits ${code}`, async (t) => {
      const events = responseEvents([{ message: "thinking forever" }]);
      const { ws } = await scenario(t, [{ kind: "sse", events, hangAfter: 3 }], { providerExtra: "stream_idle_timeout_ms = 60000" });
      const run = startCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
      await run.waitFor('"turn.started"', "stdout");
      run.child.kill(signal);
      const r = await run.done;
      expect(r.code).toBe(code);
      expect(sequence(parseJsonl(r.stdout))).toEqual(["thread.started", "turn.started"]);
    });
  }

  it("human mode prints `turn interrupted` and nothing on stdout", async (t) => {
    const events = responseEvents([{ message: "thinking forever" }]);
    const { ws } = await scenario(t, [{ kind: "sse", events, hangAfter: 3 }], { providerExtra: "stream_idle_timeout_ms = 60000" });
    const run = startCli(["--color", "never", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    await run.waitFor("user\nhi\n");
    run.child.kill("SIGINT");
    const r = await run.done;
    expect(r.code).toBe(130);
    const { body, footer } = splitFooter(r.stderr);
    expect(body.endsWith("turn interrupted\n")).toBe(true);
    expect(footer[0]).toBe("exit 130: interrupted by SIGINT");
    expect(r.stdout).toBe("");
  });
});
