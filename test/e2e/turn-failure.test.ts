// End to end: a model failure ends the turn — JSONL `error` + `turn.failed`, human `ERROR:` lines, exit 1 (spec §4.2, §5.1, §5.5).

import { describe, expect, it } from "vitest";
import { failed, httpError } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence } from "../support/run-cli.js";
import { NO_RETRIES, scenario } from "../support/scenario.js";

const OVERLOADED = failed("server_is_overloaded", "The server is overloaded.");
const BAD_REQUEST = httpError(400, {
  error: { message: "Unsupported parameter: 'foo'.", type: "invalid_request_error", param: "foo", code: "unsupported_parameter" },
});

describe.concurrent("json mode", () => {
  it("response.failed: thread.started, turn.started, error, turn.failed{message, code}; exit 1; nothing after", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [OVERLOADED], { providerExtra: NO_RETRIES });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(mock.requests).toHaveLength(1);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual(["thread.started", "turn.started", "error", "turn.failed"]);
    const [, , error, turnFailed] = events;
    expect(error?.type === "error" && error.message).toBeTruthy();
    expect(turnFailed?.type).toBe("turn.failed");
    if (turnFailed?.type !== "turn.failed" || error?.type !== "error") return;
    expect(turnFailed.error.message).toBe(error.message);
    expect(turnFailed.error.code).toBe("server");
    expect(r.stdout.endsWith(`${JSON.stringify(turnFailed)}\n`)).toBe(true);
    expect(r.stderr).toBe("Reading additional input from stdin...\n");
  });

  it("HTTP 400: turn.failed names the provider's message with code bad_request; exactly one request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [BAD_REQUEST], { providerExtra: NO_RETRIES });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(mock.requests).toHaveLength(1);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual(["thread.started", "turn.started", "error", "turn.failed"]);
    const last = events.at(-1);
    expect(last?.type === "turn.failed" && last.error.code).toBe("bad_request");
    expect(last?.type === "turn.failed" && last.error.message).toContain("Unsupported parameter: 'foo'.");
    expect(events[2]).toEqual({ type: "error", message: last?.type === "turn.failed" ? last.error.message : "" });
  });

  it("response.failed with another code (retries off): `<code in words>: <message>`, and a code is set", async (ctx) => {
    const { ws } = await scenario(ctx, [failed("rate_limit_exceeded", "synthetic server error")], { providerExtra: NO_RETRIES });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual(["thread.started", "turn.started", "error", "turn.failed"]);
    expect(events[2]).toEqual({ type: "error", message: "rate limit exceeded: synthetic server error" });
    const last = events.at(-1);
    expect(last?.type === "turn.failed" && last.error.message).toBe("rate limit exceeded: synthetic server error");
    expect(last?.type === "turn.failed" && typeof last.error.code).toBe("string");
  });
});

describe.concurrent("human mode", () => {
  it("response.failed: ERROR: on stderr, nothing on stdout, no `tokens used`, exit 1", async (ctx) => {
    const { ws } = await scenario(ctx, [OVERLOADED], { providerExtra: NO_RETRIES });
    const r = await runCli(["--color", "never", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const errors = r.stderr.split("\n").filter((l) => l.startsWith("ERROR: "));
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(r.stderr).not.toContain("tokens used");
    expect(r.stderr).toContain("\nuser\nhi\n");
  });

  it("the fatal error is printed once (codex prints it twice; issue 3 asks for once per cause)", async (ctx) => {
    const { ws } = await scenario(ctx, [failed("rate_limit_exceeded", "synthetic server error")], { providerExtra: NO_RETRIES });
    const r = await runCli(["--color", "never", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const errors = r.stderr.split("\n").filter((l) => l.startsWith("ERROR: "));
    expect(errors).toEqual(["ERROR: rate limit exceeded: synthetic server error"]);
  });
});
