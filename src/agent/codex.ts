// A Codex session: ops go in through the submission queue, events come out of the event queue.

import { emptyUsage, type Event, type EventMsg, type Op } from "../protocol/index.js";
import { AsyncQueue } from "./async-queue.js";
import { runTurn, type ThreadState } from "./run-turn.js";
import type { AgentDeps, SessionConfig } from "./session-config.js";

interface ActiveTurn {
  id: string;
  controller: AbortController;
  done: Promise<void>;
}

/** One conversation thread. Create with `Codex.spawn`; the first event is always SessionConfigured. */
export class Codex {
  private readonly submissions = new AsyncQueue<{ id: string; op: Op }>();
  private readonly events = new AsyncQueue<Event>();
  private readonly state: ThreadState = { history: [], usage: emptyUsage() };
  private active: ActiveTurn | null = null;
  private nextId = 1;

  private constructor(
    readonly config: SessionConfig,
    private readonly deps: AgentDeps,
  ) {}

  /** Start a session; its loop runs until a Shutdown op. */
  static spawn(config: SessionConfig, deps: AgentDeps): Codex {
    const codex = new Codex(config, deps);
    void codex.run();
    return codex;
  }

  /** Queue an op; returns its submission id (for a user turn, the turn id). */
  submit(op: Op): string {
    const id = String(this.nextId++);
    this.submissions.push({ id, op });
    return id;
  }

  /** The next event, or null once the session has shut down. */
  async nextEvent(): Promise<Event | null> {
    const r = await this.events.next();
    return r.done ? null : r.value;
  }

  private emit(id: string, msg: EventMsg): void {
    this.events.push({ id, msg });
  }

  private async run(): Promise<void> {
    const c = this.config;
    this.emit("0", {
      type: "session_configured",
      session_id: c.threadId,
      model: c.model,
      model_provider_id: c.modelProviderId,
      approval_policy: c.approvalPolicy,
      sandbox_mode: c.sandbox.mode,
      sandbox_summary: c.sandboxSummary,
      cwd: c.cwd,
      reasoning_effort: c.reasoningEffort,
      reasoning_summary: c.reasoningSummary,
      responses_wire: c.responsesWire,
      rollout_path: null,
    });
    for (const message of c.startupWarnings) this.emit("0", { type: "warning", message });

    for await (const { id, op } of this.submissions) {
      switch (op.type) {
        case "user_turn":
          if (this.active) {
            this.emit(id, { type: "warning", message: "a turn is already running; input ignored" });
            break;
          }
          this.active = this.startTurn(id, op);
          break;
        case "interrupt":
          this.active?.controller.abort();
          break;
        case "shutdown":
          this.active?.controller.abort();
          await this.active?.done;
          this.emit(id, { type: "shutdown_complete" });
          this.submissions.close();
          this.events.close();
          return;
      }
    }
  }

  private startTurn(id: string, op: Extract<Op, { type: "user_turn" }>): ActiveTurn {
    const controller = new AbortController();
    const done = (async () => {
      this.emit(id, { type: "task_started", turn_id: id });
      const outcome = await runTurn(
        {
          turnId: id,
          config: this.config,
          deps: this.deps,
          state: this.state,
          emit: (msg) => this.emit(id, msg),
          signal: controller.signal,
          ...(op.overrides?.finalOutputJsonSchema === undefined
            ? {}
            : { outputSchema: op.overrides.finalOutputJsonSchema }),
        },
        op.items,
      );
      switch (outcome.status) {
        case "completed":
          this.emit(id, {
            type: "task_complete",
            turn_id: id,
            status: "completed",
            last_agent_message: outcome.lastAgentMessage,
            error: null,
          });
          break;
        case "failed":
          this.emit(id, { type: "error", error: outcome.error });
          this.emit(id, {
            type: "task_complete",
            turn_id: id,
            status: "failed",
            last_agent_message: null,
            error: outcome.error,
          });
          break;
        case "interrupted":
          this.emit(id, { type: "turn_aborted", turn_id: id, reason: "interrupted" });
          break;
      }
      this.active = null;
    })();
    return { id, controller, done };
  }
}
