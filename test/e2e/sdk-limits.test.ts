// The library gets the CLI's limits: timeoutMs, idleTimeoutMs, maxTurns, maxTokens, maxCostUsd, and generateCode's signal.

import { describe, expect, it, type TestContext } from "vitest";
import { Codex, generateCode, TurnFailedError, UsageError } from "../../src/index.js";
import { reply, type Step } from "../support/mock-responses-server.js";
import { scenario } from "../support/scenario.js";
import { responseEvents } from "../support/sse-events.js";

const usage = { input_tokens: 1000, cached: 0, output_tokens: 100 };
/** A model that starts answering and then says nothing more, holding the connection. */
const silent = (): Step => ({ kind: "sse", events: responseEvents([{ message: "never finishes" }]), hangAfter: 1 });
const plan = (step: string): Step =>
  reply([{ functionCall: { name: "update_plan", arguments: { plan: [{ step, status: "in_progress" }] } } }], usage);

async function setup(ctx: TestContext, steps: Step[]) {
  const s = await scenario(ctx, steps, { providerExtra: "stream_idle_timeout_ms = 60000" });
  const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: s.ws.codexHome, CODEX_HOME: s.ws.codexHome };
  return { ...s, codex: new Codex({ env }), env };
}

async function failure(p: Promise<unknown>): Promise<TurnFailedError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TurnFailedError);
  return err as TurnFailedError;
}

describe.concurrent("library limits", () => {
  it("timeoutMs on a model that never answers rejects with code timeout, near the limit", async (ctx) => {
    const { ws, codex } = await setup(ctx, [silent()]);
    const started = Date.now();
    const err = await failure(codex.startThread({ workingDirectory: ws.repo, timeoutMs: 300 }).run("hi"));
    expect(err.code).toBe("timeout");
    expect(err.message).toBe("the run timed out after 300ms");
    // It waited for the limit, not for the provider's 60 s idle timeout.
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("idleTimeoutMs rejects with code idle", async (ctx) => {
    const { ws, codex } = await setup(ctx, [silent()]);
    const err = await failure(codex.startThread({ workingDirectory: ws.repo, idleTimeoutMs: 200 }).run("hi"));
    expect(err.code).toBe("idle");
  });

  it("maxTurns: 1 on a tool-calling turn rejects with code budget after one request", async (ctx) => {
    const { ws, mock, codex } = await setup(ctx, [plan("a"), reply([{ message: "never" }])]);
    const err = await failure(codex.startThread({ workingDirectory: ws.repo, maxTurns: 1 }).run("go"));
    expect(err.code).toBe("budget");
    expect(mock.requests).toHaveLength(1);
  });

  it("maxTokens and maxCostUsd reject with code budget", async (ctx) => {
    const { ws, codex } = await setup(ctx, [plan("a"), plan("b"), plan("c"), plan("d")]);
    const tokens = await failure(codex.startThread({ workingDirectory: ws.repo, maxTokens: 500 }).run("go"));
    expect(tokens.code).toBe("budget");
    const cost = await failure(codex.startThread({ workingDirectory: ws.repo, maxCostUsd: 0.001 }).run("go"));
    expect(cost.code).toBe("budget");
    expect(cost.message).toContain("--max-cost-usd 0.001");
  });

  it("a bad limit is a UsageError naming the option, before anything runs", async (ctx) => {
    const { ws, mock, codex } = await setup(ctx, [reply([{ message: "never" }])]);
    const err = await codex.startThread({ workingDirectory: ws.repo, timeoutMs: -5 }).run("hi").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toMatch(/^ThreadOptions: timeoutMs: /);
    expect(mock.requests).toHaveLength(0);
  });

  it("generateCode takes the limits and a signal", async (ctx) => {
    const { ws, env } = await setup(ctx, [silent(), silent()]);
    const prev = { home: process.env["CODEX_HOME"] };
    process.env["CODEX_HOME"] = env.CODEX_HOME;
    ctx.onTestFinished(() => {
      if (prev.home === undefined) delete process.env["CODEX_HOME"];
      else process.env["CODEX_HOME"] = prev.home;
    });
    const timedOut = await failure(generateCode({ prompt: "hi", workingDirectory: ws.repo, timeoutMs: 200 }));
    expect(timedOut.code).toBe("timeout");
    const controller = new AbortController();
    const pending = generateCode({ prompt: "hi", workingDirectory: ws.repo, signal: controller.signal });
    setImmediate(() => controller.abort());
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});
