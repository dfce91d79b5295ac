// The `--json` JSONL contract of `codex exec` (ThreadEvent and ThreadItem), field for field.

import { z } from "./zod.js";
import { TurnErrorCode } from "./errors-info.js";
import { RunSummary } from "./run-summary.js";
import { TokenUsage } from "./usage.js";

const ItemStatus = z.enum(["in_progress", "completed", "failed"]);

export const AgentMessageThreadItem = z.object({
  id: z.string(),
  type: z.literal("agent_message"),
  text: z.string(),
});
export const ReasoningThreadItem = z.object({
  id: z.string(),
  type: z.literal("reasoning"),
  text: z.string(),
});
export const CommandExecutionThreadItem = z.object({
  id: z.string(),
  type: z.literal("command_execution"),
  command: z.string(),
  aggregated_output: z.string(),
  exit_code: z.nullable(z.number().check(z.int())),
  status: z.enum(["in_progress", "completed", "failed", "declined"]),
});
export const FileChangeThreadItem = z.object({
  id: z.string(),
  type: z.literal("file_change"),
  // `path` is the file the patch names (for a move, the source, kind `update`), as codex sends it.
  // `move_path` is our additive field: a move's destination, absent otherwise.
  changes: z.array(z.object({ path: z.string(), kind: z.enum(["add", "delete", "update"]), move_path: z.optional(z.string()) })),
  status: ItemStatus,
});
export const McpToolCallThreadItem = z.object({
  id: z.string(),
  type: z.literal("mcp_tool_call"),
  server: z.string(),
  tool: z.string(),
  arguments: z.unknown(),
  result: z.nullable(
    z.object({
      content: z.array(z.unknown()),
      structured_content: z.unknown(),
      _meta: z.optional(z.unknown()),
    }),
  ),
  error: z.nullable(z.object({ message: z.string() })),
  status: ItemStatus,
});
export const WebSearchThreadItem = z.object({
  id: z.string(),
  type: z.literal("web_search"),
  query: z.string(),
  action: z.looseObject({ type: z.string() }),
});
export const TodoListThreadItem = z.object({
  id: z.string(),
  type: z.literal("todo_list"),
  items: z.array(z.object({ text: z.string(), completed: z.boolean() })),
});
export const ErrorThreadItem = z.object({
  id: z.string(),
  type: z.literal("error"),
  message: z.string(),
});

export const ThreadItem = z.discriminatedUnion("type", [
  AgentMessageThreadItem,
  ReasoningThreadItem,
  CommandExecutionThreadItem,
  FileChangeThreadItem,
  McpToolCallThreadItem,
  WebSearchThreadItem,
  TodoListThreadItem,
  ErrorThreadItem,
]);
export type ThreadItem = z.infer<typeof ThreadItem>;

export const ThreadStartedEvent = z.object({ type: z.literal("thread.started"), thread_id: z.string() });
export const TurnStartedEvent = z.object({ type: z.literal("turn.started") });
export const ItemStartedEvent = z.object({ type: z.literal("item.started"), item: ThreadItem });
export const ItemUpdatedEvent = z.object({ type: z.literal("item.updated"), item: ThreadItem });
export const ItemCompletedEvent = z.object({ type: z.literal("item.completed"), item: ThreadItem });
export const TurnCompletedEvent = z.object({
  type: z.literal("turn.completed"),
  usage: TokenUsage,
  // Our addition: ids of the model responses of this turn.
  response_ids: z.optional(z.array(z.string())),
});
export const TurnFailedEvent = z.object({
  type: z.literal("turn.failed"),
  // `code` is our additive field; codex sends only `message`.
  error: z.object({ message: z.string(), code: z.optional(TurnErrorCode) }),
});
export const ThreadErrorEvent = z.object({ type: z.literal("error"), message: z.string() });
/** Our addition, only with `--json-summary`: the run's summary record, as the last line. */
export const RunCompletedEvent = z.object({ type: z.literal("run.completed"), summary: RunSummary });

export const ThreadEvent = z.discriminatedUnion("type", [
  ThreadStartedEvent,
  TurnStartedEvent,
  ItemStartedEvent,
  ItemUpdatedEvent,
  ItemCompletedEvent,
  TurnCompletedEvent,
  TurnFailedEvent,
  ThreadErrorEvent,
  RunCompletedEvent,
]);
export type ThreadEvent = z.infer<typeof ThreadEvent>;
