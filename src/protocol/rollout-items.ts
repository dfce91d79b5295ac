// Lines of a rollout file ($CODEX_HOME/sessions/…/rollout-…-<id>.jsonl), in codex's line format.

import { z } from "./zod.js";
import { ResponseItem } from "./response-items.js";
import { TokenUsage } from "./usage.js";

/** First line of every rollout: who, where and with what the thread started. */
export const SessionMeta = z.looseObject({
  id: z.string(),
  forked_from_id: z.nullish(z.string()),
  timestamp: z.string(),
  cwd: z.string(),
  originator: z.string(),
  cli_version: z.string(),
  source: z.string(),
  model_provider: z.nullish(z.string()),
  base_instructions: z.nullish(z.object({ text: z.string() })),
  git: z.nullish(
    z.object({ commit_hash: z.nullish(z.string()), branch: z.nullish(z.string()), repository_url: z.nullish(z.string()) }),
  ),
});
export type SessionMeta = z.infer<typeof SessionMeta>;

/** Settings of one turn, written once per turn. */
export const TurnContextLine = z.looseObject({
  turn_id: z.nullish(z.string()),
  cwd: z.string(),
  approval_policy: z.string(),
  sandbox_policy: z.looseObject({ type: z.string() }),
  model: z.string(),
  effort: z.nullish(z.string()),
  summary: z.nullish(z.string()),
  current_date: z.nullish(z.string()),
  timezone: z.nullish(z.string()),
});
export type TurnContextLine = z.infer<typeof TurnContextLine>;

/** Events worth keeping (codex's "limited" persistence). */
export const PersistedEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user_message"), message: z.string() }),
  z.object({ type: z.literal("agent_message"), message: z.string() }),
  z.object({ type: z.literal("agent_reasoning"), text: z.string() }),
  z.object({
    type: z.literal("token_count"),
    info: z.nullable(z.object({ total_token_usage: TokenUsage, last_token_usage: TokenUsage })),
  }),
  z.object({ type: z.literal("task_started"), turn_id: z.string() }),
  z.object({ type: z.literal("task_complete"), turn_id: z.string(), last_agent_message: z.nullable(z.string()) }),
  z.object({ type: z.literal("turn_aborted"), turn_id: z.string(), reason: z.string() }),
  z.object({ type: z.literal("context_compacted") }),
]);
export type PersistedEvent = z.infer<typeof PersistedEvent>;

/** A compaction: the history from here on is `replacement_history`. */
export const CompactedLine = z.object({
  message: z.string(),
  replacement_history: z.nullish(z.array(ResponseItem)),
});

export const RolloutItem = z.discriminatedUnion("type", [
  z.object({ type: z.literal("session_meta"), payload: SessionMeta }),
  z.object({ type: z.literal("response_item"), payload: ResponseItem }),
  z.object({ type: z.literal("turn_context"), payload: TurnContextLine }),
  z.object({ type: z.literal("event_msg"), payload: PersistedEvent }),
  z.object({ type: z.literal("compacted"), payload: CompactedLine }),
]);
export type RolloutItem = z.infer<typeof RolloutItem>;

/** One line on disk: the item plus a UTC timestamp (`YYYY-MM-DDTHH:MM:SS.mmmZ`). */
export type RolloutLine = RolloutItem & { timestamp: string };

/** Where a session's items go; the agent records, the implementation owns the file. */
export interface RolloutRecorder {
  /** Absolute path of the rollout file, or null for an ephemeral session. */
  readonly path: string | null;
  /** Append items, each as one whole line (written in order; never interleaved with other processes). */
  record(items: readonly RolloutItem[]): Promise<void>;
  /** Make everything recorded so far durable (fsync); called at the end of each turn. */
  flush(): Promise<void>;
}
