// The one run path under the CLI and the library: session, one op, its events until the turn ends, shutdown.
//
// The caller prepares the run (prepareRun: config, provider, instructions) and says what to submit;
// this starts the session, arms the watchdog (`--timeout`, `--idle-timeout`, their API options), yields
// every event, and always ends the session: when the turn is over, when `stop` is called (a signal, a
// closed stdout, an AbortSignal), and when the caller stops reading early.

import type { AgentSession } from "../agent/agent-session.js";
import type { EventMsg, Op, SessionConfiguredEvent, TokenUsage } from "../protocol/index.js";
import type { SandboxBackendName } from "../sandbox/command-sandbox.js";
import type { EngineArgs } from "./engine-args.js";
import type { PreparedRun } from "./prepare-run.js";
import type { RunReport } from "./run-report.js";
import { runLimits, startWatchdog, type Watchdog } from "./run-watchdog.js";
import { sessionEvents } from "./session-events.js";
import { startSession, type SessionHooks } from "./start-session.js";

/** What the session is asked to do: a turn (user turn or review), or nothing (a promptless fork). */
export type RunOp = Extract<Op, { type: "user_turn" } | { type: "review" }> | null;

/** The session as it started, before any turn event. */
export interface RunStarted {
  type: "run_started";
  configured: SessionConfiguredEvent;
  threadId: string;
  /** The thread's usage before this run (non-zero for resumed threads). */
  usageAtStart: TokenUsage;
  sandboxBackend: SandboxBackendName;
}

export type EngineEvent = RunStarted | { type: "event"; msg: EventMsg };

/** How the turn ended, as the events said. */
export interface RunOutcome {
  status: "completed" | "failed" | "interrupted";
  finalMessage: string | null;
  /** Thread totals, or null when no usage was ever reported. */
  usage: TokenUsage | null;
  /** Whether `stop` was called (the caller knows why). */
  stopped: boolean;
  /** Whether the op was submitted (false: stopped while the session started, or nothing to submit). */
  submitted: boolean;
}

export interface EngineRun {
  events: AsyncGenerator<EngineEvent, RunOutcome>;
  /** Stop the run: cancels a session still starting, interrupts a running turn. Idempotent. */
  stop(): void;
}

export type EngineHooks = Omit<SessionHooks, "signal" | "onActivity"> & {
  /** The run's summary record: the engine fills it from what the run does. */
  report?: RunReport;
};

/** What the engine starts sessions with; tests hand in a session over fakes. */
export interface EngineDeps {
  startSession: typeof startSession;
}

const REAL_DEPS: EngineDeps = { startSession };

export function runEngine(prepared: PreparedRun, args: EngineArgs, op: RunOp, hooks: EngineHooks, deps: EngineDeps = REAL_DEPS): EngineRun {
  const startup = new AbortController();
  let stopped = false;
  let onStop = (): void => startup.abort();
  let watchdog: Watchdog | null = null;
  const events = (async function* (): AsyncGenerator<EngineEvent, RunOutcome> {
    const report = hooks.report;
    const session = await deps.startSession(prepared, args, {
      ...hooks,
      onRequest: () => {
        if (report) report.modelRequests += 1;
        hooks.onRequest();
      },
      onActivity: () => watchdog?.beat(),
      signal: startup.signal,
    });
    if (report) {
      report.threadId = session.threadId;
      report.sandbox = { mode: prepared.config.sandboxMode, backend: session.sandboxBackend };
      report.price = prepared.config.price;
      report.usageAtStart = session.usageAtStart;
    }
    const { conversation } = session;
    let finished = false;
    let submitted = false;
    let turnOver = false;
    const end: RunOutcome = { status: "failed", finalMessage: null, usage: null, stopped: false, submitted: false };
    try {
      yield {
        type: "run_started",
        configured: session.sessionConfigured,
        threadId: session.threadId,
        usageAtStart: session.usageAtStart,
        sandboxBackend: session.sandboxBackend,
      };
      if (stopped) {
        finished = true;
        return { ...end, status: "interrupted", stopped: true };
      }
      if (op === null) {
        conversation.submit({ type: "shutdown" });
      } else {
        onStop = () => conversation.submit({ type: "interrupt" });
        watchdog = startWatchdog(runLimits(args, prepared.config), (reason, message) =>
          conversation.submit({ type: "interrupt", reason, message }),
        );
        conversation.submit(op);
        submitted = true;
      }
      for await (const msg of sessionEvents(conversation)) {
        // A heartbeat says a command is still running, not that anything happened.
        if (msg.type !== "exec_command_progress") watchdog?.beat();
        track(end, msg);
        report?.observe(msg);
        if (msg.type === "task_complete" || msg.type === "turn_aborted") turnOver = true;
        yield { type: "event", msg };
      }
      finished = true;
      if (op === null) end.status = "completed";
      return { ...end, stopped, submitted };
    } finally {
      watchdog?.stop();
      if (!finished) await wind(conversation, submitted && !turnOver);
      await session.close();
    }
  })();
  return {
    events,
    stop: () => {
      stopped = true;
      onStop();
    },
  };
}

function track(end: RunOutcome, msg: EventMsg): void {
  switch (msg.type) {
    case "token_count":
      end.usage = msg.total;
      break;
    case "task_complete":
      end.status = msg.status;
      end.finalMessage = msg.status === "completed" ? msg.last_agent_message : null;
      break;
    case "turn_aborted":
      end.status = "interrupted";
      break;
    default:
      break;
  }
}

/**
 * The caller stopped reading (break, return, a throw): the turn must not go on without it. Stop it and
 * wait until its commands are ended and the session is down.
 */
async function wind(conversation: AgentSession, turnRunning: boolean): Promise<void> {
  conversation.submit(turnRunning ? { type: "interrupt" } : { type: "shutdown" });
  for await (const msg of sessionEvents(conversation)) void msg;
}
