// The one run path driven by fakes: a scripted model, no process. The watchdog, stop, an early break, a promptless run.

import { describe, expect, it } from "vitest";
import { ConversationManager } from "../../../src/agent/conversation-manager.js";
import type { EngineArgs } from "../../../src/engine/engine-args.js";
import type { PreparedRun } from "../../../src/engine/prepare-run.js";
import { RunReport } from "../../../src/engine/run-report.js";
import { runEngine, type EngineDeps, type EngineEvent, type RunOp } from "../../../src/engine/run-engine.js";
import { parseRunOptions } from "../../../src/engine/run-options.js";
import { emptyUsage } from "../../../src/protocol/index.js";
import { deps, FakeModelClient, HANG, m, sessionConfig, type Step } from "../agent/fakes.js";

/** What runEngine reads of a prepared run: the config's sandbox, price and run_timeout. */
const PREPARED = { config: { sandboxMode: "read-only", price: null, runTimeoutMs: null } } as unknown as PreparedRun;

const TURN: RunOp = { type: "user_turn", items: [{ type: "text", text: "hi" }] };

/** Sessions over a scripted model; `closed` counts the engine's shutdowns. */
function fakeSessions(scripts: Step[][]): { deps: EngineDeps; model: FakeModelClient; closed: () => number } {
  const model = new FakeModelClient(scripts);
  let closed = 0;
  return {
    model,
    closed: () => closed,
    deps: {
      startSession: async () => {
        const { conversation, sessionConfigured } = await new ConversationManager(deps(model)).newConversation(sessionConfig());
        return {
          conversation,
          sessionConfigured,
          threadId: sessionConfigured.session_id,
          usageAtStart: emptyUsage(),
          sandboxBackend: "unconfined",
          close: async () => {
            closed += 1;
          },
        };
      },
    },
  };
}

const args = (over: Partial<Parameters<typeof parseRunOptions>[0]> = {}): EngineArgs => parseRunOptions(over, "test");

async function drain(events: AsyncGenerator<EngineEvent, unknown>): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe("runEngine", () => {
  it("a completed turn: run_started first, the turn's events, the answer in the outcome, the session closed", async () => {
    const s = fakeSessions([[m.message("done"), m.completed()]]);
    const report = new RunReport(0);
    const run = runEngine(PREPARED, args(), TURN, { report, onRequest: () => undefined, writeStderr: () => undefined }, s.deps);
    const events = await drain(run.events);
    expect(events[0]?.type).toBe("run_started");
    expect(events.some((e) => e.type === "event" && e.msg.type === "task_complete")).toBe(true);
    const outcome = await run.events.return(undefined as never);
    expect(outcome.done).toBe(true);
    expect(s.closed()).toBe(1);
    expect(report.threadId).toMatch(/./);
    expect(report.finalMessage).toBe("done");
  });

  it("timeoutMs: a model that never answers fails the turn with code timeout", async () => {
    const s = fakeSessions([[HANG]]);
    const report = new RunReport(0);
    const run = runEngine(PREPARED, args({ timeoutMs: 50 }), TURN, { report, onRequest: () => undefined, writeStderr: () => undefined }, s.deps);
    let outcome;
    for (;;) {
      const next = await run.events.next();
      if (next.done === true) {
        outcome = next.value;
        break;
      }
    }
    expect(outcome).toMatchObject({ status: "failed", stopped: false, submitted: true });
    expect(report.error).toMatchObject({ code: "timeout", message: "the run timed out after 50ms" });
    expect(s.closed()).toBe(1);
  });

  it("stop() interrupts a running turn; the outcome says it was stopped", async () => {
    const s = fakeSessions([[HANG]]);
    const run = runEngine(PREPARED, args(), TURN, { onRequest: () => undefined, writeStderr: () => undefined }, s.deps);
    void s.model.whenHanging().then(() => run.stop());
    let outcome;
    for (;;) {
      const next = await run.events.next();
      if (next.done === true) {
        outcome = next.value;
        break;
      }
    }
    expect(outcome).toMatchObject({ status: "interrupted", stopped: true });
    expect(s.model.signals[0]?.aborted).toBe(true);
  });

  it("a caller that stops reading early ends the turn and the session before its loop exits", async () => {
    const s = fakeSessions([[HANG]]);
    const run = runEngine(PREPARED, args(), TURN, { onRequest: () => undefined, writeStderr: () => undefined }, s.deps);
    for await (const e of run.events) {
      // The op is submitted once run_started has been read; the turn's first event says it runs.
      if (e.type === "event" && e.msg.type === "task_started") {
        await s.model.whenHanging();
        break;
      }
    }
    expect(s.model.signals[0]?.aborted).toBe(true);
    expect(s.closed()).toBe(1);
  });

  it("no op (a promptless fork): the session shuts down, the outcome is completed, no model request", async () => {
    const s = fakeSessions([]);
    const run = runEngine(PREPARED, args(), null, { onRequest: () => undefined, writeStderr: () => undefined }, s.deps);
    const events = await drain(run.events);
    expect(events.at(-1)).toMatchObject({ type: "event", msg: { type: "shutdown_complete" } });
    expect(s.model.prompts).toHaveLength(0);
    expect(s.closed()).toBe(1);
  });
});
