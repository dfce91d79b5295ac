// The thread's history and token usage, mirrored line by line into the rollout file.

import {
  addUsage,
  type EventMsg,
  type PersistedEvent,
  type ResponseItem,
  type RolloutItem,
  type RolloutRecorder,
  type TokenUsage,
} from "../protocol/index.js";

/** History + cumulative usage of one thread; every change is also recorded to the rollout. */
export class ThreadHistory {
  readonly items: ResponseItem[];
  usage: TokenUsage;
  /** Tokens of the latest request (input + output): how full the context is. */
  lastTokenTotal = 0;

  constructor(
    private readonly rollout: RolloutRecorder,
    initial: { items: readonly ResponseItem[]; usage: TokenUsage; lastTokenTotal?: number },
    /** Called once per failed write; recording failures never stop the turn. */
    private readonly onWriteError: (err: unknown) => void,
  ) {
    this.items = [...initial.items];
    this.usage = initial.usage;
    this.lastTokenTotal = initial.lastTokenTotal ?? 0;
  }

  /** Add items to the history (and the rollout). */
  append(...items: ResponseItem[]): void {
    this.items.push(...items);
    this.write(items.map((payload) => ({ type: "response_item", payload })));
  }

  /** Add one response's usage to the thread total. */
  addUsage(last: TokenUsage): TokenUsage {
    this.usage = addUsage(this.usage, last);
    this.lastTokenTotal = last.input_tokens + last.output_tokens;
    return this.usage;
  }

  /** Replace the whole history (compaction), recording a `compacted` line. */
  replace(items: readonly ResponseItem[], summary: string): void {
    this.items.splice(0, this.items.length, ...items);
    this.write([{ type: "compacted", payload: { message: summary, replacement_history: [...items] } }]);
  }

  /** Record lines that are not history items (session meta, turn context, events). */
  write(lines: readonly RolloutItem[]): void {
    this.rollout.record(lines).catch(this.onWriteError);
  }

  /** Persist an event if it is one codex keeps in rollouts. */
  recordEvent(msg: EventMsg): void {
    const payload = persistedForm(msg);
    if (payload) this.write([{ type: "event_msg", payload }]);
  }

  /** Make the rollout durable (end of a turn). */
  flush(): Promise<void> {
    return this.rollout.flush().catch(this.onWriteError);
  }
}

function persistedForm(msg: EventMsg): PersistedEvent | null {
  switch (msg.type) {
    case "agent_message":
      return { type: "agent_message", message: msg.message };
    case "agent_reasoning":
      return { type: "agent_reasoning", text: msg.text };
    case "token_count":
      return { type: "token_count", info: { total_token_usage: msg.total, last_token_usage: msg.last } };
    case "task_started":
      return { type: "task_started", turn_id: msg.turn_id };
    case "task_complete":
      return { type: "task_complete", turn_id: msg.turn_id, last_agent_message: msg.last_agent_message };
    case "turn_aborted":
      return { type: "turn_aborted", turn_id: msg.turn_id, reason: msg.reason };
    case "context_compacted":
      return { type: "context_compacted" };
    default:
      return null;
  }
}
