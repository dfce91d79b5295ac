// The agent session: ops go in through the submission queue, events come out of the event queue (codex-rs core's `Codex`).

import { emptyUsage, type Event, type EventMsg, type Op, type TurnError, type TurnOverrides } from "../protocol/index.js";
import { AsyncQueue } from "./async-queue.js";
import { runReview } from "./run-review.js";
import { runTurn, type TurnContext, type TurnOutcome } from "./run-turn.js";
import type { AgentDeps, SessionConfig } from "./session-config.js";
import { ThreadHistory } from "./thread-history.js";
import { ToolLock } from "./tool-lock.js";

interface ActiveTurn {
  id: string;
  controller: AbortController;
  done: Promise<void>;
  /** Why the turn was stopped, when a run limit (not the user) stopped it. */
  stop: TurnError | null;
}

/** One conversation thread. Create with `AgentSession.spawn`; the first event is always SessionConfigured. */
export class AgentSession {
  private readonly submissions = new AsyncQueue<{ id: string; op: Op }>();
  private readonly events = new AsyncQueue<Event>();
  private readonly state: ThreadHistory;
  private active: ActiveTurn | null = null;
  private nextId = 1;
  private rolloutFailed = false;

  private constructor(
    readonly config: SessionConfig,
    private readonly deps: AgentDeps,
  ) {
    this.state = new ThreadHistory(
      deps.rollout,
      { items: config.initialHistory, usage: config.initialUsage, lastTokenTotal: config.initialLastTokenTotal },
      (err) => this.onRolloutError(err),
    );
  }

  /** Start a session; its loop runs until a Shutdown op. */
  static spawn(config: SessionConfig, deps: AgentDeps): AgentSession {
    const codex = new AgentSession(config, deps);
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
    this.state.recordEvent(msg);
    this.events.push({ id, msg });
  }

  /** A rollout that cannot be written is worth one warning; the run itself goes on. */
  private onRolloutError(err: unknown): void {
    this.deps.logger.error({ err: String(err) }, "rollout write failed");
    if (this.rolloutFailed) return;
    this.rolloutFailed = true;
    const where = this.deps.rollout.path ?? "the session file";
    this.emit("0", {
      type: "warning",
      message: `could not write ${where}: ${err instanceof Error ? err.message : String(err)}; this session cannot be resumed`,
    });
  }

  private async run(): Promise<void> {
    const c = this.config;
    if (c.sessionMeta) this.state.write([{ type: "session_meta", payload: c.sessionMeta }]);
    if (c.recordInitialHistory) {
      this.state.write(c.initialHistory.map((payload) => ({ type: "response_item" as const, payload })));
      this.state.write([
        {
          type: "event_msg",
          payload: { type: "token_count", info: { total_token_usage: c.initialUsage, last_token_usage: emptyUsage() } },
        },
      ]);
    }
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
      rollout_path: this.deps.rollout.path,
    });
    for (const message of c.startupWarnings) this.emit("0", { type: "warning", message });

    for await (const { id, op } of this.submissions) {
      switch (op.type) {
        case "user_turn":
          if (this.active) {
            this.emit(id, { type: "warning", message: "a turn is already running; input ignored" });
            break;
          }
          this.active = this.startTurn(id, (ctx) => runTurn(ctx, op.items), op.overrides);
          break;
        case "review":
          if (this.active) {
            this.emit(id, { type: "warning", message: "a turn is already running; review ignored" });
            break;
          }
          this.active = this.startTurn(id, (ctx) => runReview(ctx, op.request));
          break;
        case "interrupt":
          if (this.active && op.reason && op.reason !== "user") {
            this.active.stop = { code: op.reason, message: op.message ?? `stopped: ${op.reason}` };
          }
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

  /** Run `work` as the active turn: task_started, turn context, the outcome events, a flush. */
  private startTurn(
    id: string,
    work: (ctx: TurnContext) => Promise<TurnOutcome>,
    overrides: TurnOverrides = {},
  ): ActiveTurn {
    const controller = new AbortController();
    const responseIds: string[] = [];
    const turn: ActiveTurn = { id, controller, done: Promise.resolve(), stop: null };
    turn.done = (async () => {
      this.emit(id, { type: "task_started", turn_id: id });
      this.state.write([
        {
          type: "turn_context",
          payload: {
            turn_id: id,
            cwd: this.config.cwd,
            approval_policy: this.config.approvalPolicy,
            sandbox_policy: { type: this.config.sandbox.mode, network_access: this.config.sandbox.networkAccess },
            model: this.config.model,
            effort: this.config.reasoningEffort,
            summary: this.config.reasoningSummary ?? "auto",
          },
        },
      ]);
      const worked = await work({
        turnId: id,
        config: this.config,
        deps: this.deps,
        state: this.state,
        emit: (msg) => this.emit(id, msg),
        signal: controller.signal,
        responseIds,
        lock: new ToolLock(),
        eventCallIds: new Set(),
        ...(overrides.finalOutputJsonSchema === undefined ? {} : { outputSchema: overrides.finalOutputJsonSchema }),
        ...(overrides.checkFinalOutput ? { checkOutput: overrides.checkFinalOutput } : {}),
      });
      // A turn stopped by a run limit failed; one stopped by the user was interrupted.
      const outcome: TurnOutcome =
        worked.status === "interrupted" && turn.stop ? { status: "failed", error: turn.stop } : worked;
      // The turn's lines are durable before anyone hears that the turn ended.
      await this.state.flush();
      switch (outcome.status) {
        case "completed":
          this.emit(id, {
            type: "task_complete",
            turn_id: id,
            status: "completed",
            last_agent_message: outcome.lastAgentMessage,
            error: null,
            response_ids: responseIds,
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
            response_ids: responseIds,
          });
          break;
        case "interrupted":
          this.emit(id, { type: "turn_aborted", turn_id: id, reason: "interrupted" });
          break;
      }
      this.active = null;
    })();
    return turn;
  }
}
