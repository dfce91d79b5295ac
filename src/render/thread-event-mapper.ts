// Maps session events to the codex exec JSONL contract (ThreadEvent objects), with codex's item ids.

import {
  assertNever,
  emptyUsage,
  type EventMsg,
  type FileChange,
  type SessionConfiguredEvent,
  type ThreadEvent,
  type ThreadItem,
  type TokenUsage,
} from "../protocol/index.js";

type ItemBody = ThreadItem extends infer T ? (T extends ThreadItem ? Omit<T, "id"> : never) : never;

/** Assigns `item_N` ids in order of appearance, as codex does. One instance per run. */
export class ThreadEventMapper {
  private nextItem = 0;
  private usage: TokenUsage = emptyUsage();
  /** Started, not yet completed items (their id and last snapshot), by call id, in order of start. */
  private readonly started = new Map<string, { id: string; body: ItemBody }>();
  /** The running todo list of this turn, if any. */
  private todo: { id: string; items: Array<{ text: string; completed: boolean }> } | null = null;

  start(configured: SessionConfiguredEvent): ThreadEvent[] {
    return [{ type: "thread.started", thread_id: configured.session_id }];
  }

  map(msg: EventMsg): ThreadEvent[] {
    switch (msg.type) {
      case "task_started":
        return one({ type: "turn.started" });
      case "agent_message":
        return this.completedItem({ type: "agent_message", text: msg.message });
      case "agent_reasoning":
        return msg.text.trim() === "" ? [] : this.completedItem({ type: "reasoning", text: msg.text });
      case "warning":
        return this.completedItem({ type: "error", message: msg.message });
      case "stream_error":
        return one({ type: "error", message: `${msg.message} (${msg.details})` });
      case "error":
        return one({ type: "error", message: msg.error.message });
      case "token_count":
        this.usage = msg.total;
        return [];
      case "exec_command_begin":
        return this.startItem(msg.call_id, {
          type: "command_execution",
          command: msg.command,
          aggregated_output: "",
          exit_code: null,
          status: "in_progress",
        });
      case "exec_command_end":
        return this.completeItem(msg.call_id, {
          type: "command_execution",
          command: msg.command,
          aggregated_output: msg.aggregated_output,
          exit_code: msg.exit_code,
          status: msg.status,
        });
      case "patch_apply_begin":
        return this.startItem(msg.call_id, { type: "file_change", changes: changesOf(msg.changes), status: "in_progress" });
      case "patch_apply_end":
        return this.completeItem(msg.call_id, {
          type: "file_change",
          changes: changesOf(msg.changes),
          status: msg.status === "completed" ? "completed" : "failed",
        });
      case "mcp_tool_call_begin":
        return this.startItem(msg.call_id, {
          type: "mcp_tool_call",
          server: msg.server,
          tool: msg.tool,
          arguments: msg.arguments ?? null,
          result: null,
          error: null,
          status: "in_progress",
        });
      case "mcp_tool_call_end":
        return this.completeItem(msg.call_id, {
          type: "mcp_tool_call",
          server: msg.server,
          tool: msg.tool,
          arguments: msg.arguments ?? null,
          result: msg.result,
          error: msg.error === null ? null : { message: msg.error },
          status: msg.status,
        });
      case "web_search_begin":
        return this.startItem(msg.call_id, { type: "web_search", query: "", action: { type: "other" } });
      case "web_search_end":
        return this.completeItem(msg.call_id, { type: "web_search", query: msg.query, action: msg.action });
      case "plan_update": {
        const items = msg.plan.map((p) => ({ text: p.step, completed: p.status === "completed" }));
        if (this.todo) {
          this.todo.items = items;
          return one({ type: "item.updated", item: { id: this.todo.id, type: "todo_list", items } });
        }
        this.todo = { id: this.allocId(), items };
        return one({ type: "item.started", item: { id: this.todo.id, type: "todo_list", items } });
      }
      case "task_complete": {
        const closing = this.closeTurn();
        if (msg.status === "completed") {
          return concat(closing, one({ type: "turn.completed", usage: this.usage, response_ids: msg.response_ids }));
        }
        return concat(
          closing,
          one({
            type: "turn.failed",
            error: { message: msg.error?.message ?? "turn failed", code: msg.error?.code ?? "internal" },
          }),
        );
      }
      case "turn_aborted":
        return this.closeTurn();
      case "turn_diff":
      case "context_compacted":
      case "review_output":
      case "session_configured":
        this.todo = null;
        return [];
      case "tool_call_end":
      // Heartbeats are for the human transcript: codex's JSONL has no such event, and consumers parse it strictly.
      case "exec_command_progress":
      case "shutdown_complete":
        return [];
      default:
        return assertNever(msg);
    }
  }

  private allocId(): string {
    return `item_${this.nextItem++}`;
  }

  private completedItem(body: ItemBody): ThreadEvent[] {
    const item = { id: this.allocId(), ...body } as ThreadItem;
    return one({ type: "item.completed", item });
  }

  private startItem(key: string, body: ItemBody): ThreadEvent[] {
    const id = this.started.get(key)?.id ?? this.allocId();
    this.started.set(key, { id, body });
    return one({ type: "item.started", item: { id, ...body } as ThreadItem });
  }

  /** Completes a started item with its id, or allocates one if it never started. */
  private completeItem(key: string, body: ItemBody): ThreadEvent[] {
    const id = this.started.get(key)?.id ?? this.allocId();
    this.started.delete(key);
    return one({ type: "item.completed", item: { id, ...body } as ThreadItem });
  }

  /**
   * The end of a turn, however it ended: the todo list completes, then every item still open (a command
   * left running in the background) completes as last seen, so each `item.started` has its `item.completed`.
   */
  private closeTurn(): ThreadEvent[] {
    const out: ThreadEvent[] = [];
    if (this.todo) {
      const { id, items } = this.todo;
      this.todo = null;
      out.push({ type: "item.completed", item: { id, type: "todo_list", items } });
    }
    for (const { id, body } of this.started.values()) out.push({ type: "item.completed", item: { id, ...body } as ThreadItem });
    this.started.clear();
    return out;
  }
}

/** codex names a moved file by its source path (kind `update`); we add the destination as `move_path`. */
function changesOf(changes: readonly FileChange[]): Array<{ path: string; kind: FileChange["kind"]; move_path?: string }> {
  return changes.map((c) =>
    c.move_path === undefined ? { path: c.path, kind: c.kind } : { path: c.path, kind: c.kind, move_path: c.move_path },
  );
}

function concat(a: ThreadEvent[], b: ThreadEvent[]): ThreadEvent[] {
  return [...a, ...b];
}

function one(event: ThreadEvent): ThreadEvent[] {
  return [event];
}
