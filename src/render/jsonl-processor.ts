// `--json`: each event becomes at most one line of the codex exec JSONL contract on stdout.

import {
  assertNever,
  emptyUsage,
  type EventMsg,
  type SessionConfiguredEvent,
  type ThreadEvent,
  type ThreadItem,
  type TokenUsage,
} from "../protocol/index.js";
import { NOTHING, toStdout, type EventProcessor, type RenderOutput } from "./event-processor.js";

type ItemBody = ThreadItem extends infer T ? (T extends ThreadItem ? Omit<T, "id"> : never) : never;

/** Assigns `item_N` ids in order of appearance, as codex does. */
export class JsonlEventProcessor implements EventProcessor {
  private nextItem = 0;
  private usage: TokenUsage = emptyUsage();

  start(configured: SessionConfiguredEvent): RenderOutput {
    return line({ type: "thread.started", thread_id: configured.session_id });
  }

  process(msg: EventMsg): RenderOutput {
    switch (msg.type) {
      case "task_started":
        return line({ type: "turn.started" });
      case "agent_message":
        return this.completedItem({ type: "agent_message", text: msg.message });
      case "agent_reasoning":
        return msg.text.trim() === "" ? NOTHING : this.completedItem({ type: "reasoning", text: msg.text });
      case "warning":
        return this.completedItem({ type: "error", message: msg.message });
      case "stream_error":
        return line({ type: "error", message: `${msg.message} (${msg.details})` });
      case "error":
        return line({ type: "error", message: msg.error.message });
      case "token_count":
        this.usage = msg.total;
        return NOTHING;
      case "task_complete":
        if (msg.status === "completed") return line({ type: "turn.completed", usage: this.usage });
        return line({
          type: "turn.failed",
          error: { message: msg.error?.message ?? "turn failed", code: msg.error?.code ?? "internal" },
        });
      case "session_configured":
      case "turn_aborted":
      case "shutdown_complete":
        return NOTHING;
      default:
        return assertNever(msg);
    }
  }

  finish(): RenderOutput {
    return NOTHING;
  }

  private completedItem(body: ItemBody): RenderOutput {
    const item = { id: `item_${this.nextItem++}`, ...body } as ThreadItem;
    return line({ type: "item.completed", item });
  }
}

function line(event: ThreadEvent): RenderOutput {
  return toStdout(`${JSON.stringify(event)}\n`);
}
