// Rebuild a thread's state from its rollout items (pure): history, usage, last turn context, session meta.

import {
  emptyUsage,
  isContextualUserMessage,
  userTextMessage,
  type ResponseItem,
  type RolloutItem,
  type SessionMeta,
  type TokenUsage,
  type TurnContextLine,
} from "../protocol/index.js";

/** What resume needs to continue a thread. */
export interface ReconstructedThread {
  /** The model-visible history, as the next request's earlier input. */
  history: ResponseItem[];
  /** Cumulative usage: the last `token_count` total, else zeros. */
  usage: TokenUsage;
  /** Input + output tokens of the last request (how full the context was), else 0. */
  lastTokenTotal: number;
  /** The newest `turn_context`, the baseline for deciding what context to re-send; null if none. */
  lastTurnContext: TurnContextLine | null;
  /** The first `session_meta`; null if the items have none. */
  meta: SessionMeta | null;
}

/**
 * Replay `items`: the newest `compacted` line with a replacement history is the base (nothing
 * before it can matter), then later `response_item`s append and later `compacted` lines replace.
 */
export function reconstructHistory(items: readonly RolloutItem[]): ReconstructedThread {
  const base = items.findLastIndex((it) => it.type === "compacted" && it.payload.replacement_history != null);
  let history: ResponseItem[] = [];
  for (const item of base < 0 ? items : items.slice(base)) {
    if (item.type === "response_item") history.push(item.payload);
    else if (item.type === "compacted") {
      const replacement = item.payload.replacement_history;
      history = replacement != null ? [...replacement] : legacyCompaction(history, item.payload.message);
    }
  }
  return {
    history,
    usage: lastUsage(items),
    lastTokenTotal: lastRequestTokens(items),
    lastTurnContext: lastTurnContext(items),
    meta: firstMeta(items),
  };
}

/**
 * Old rollouts recorded only the summary: keep the real user messages and add the summary as a
 * user message (codex also caps the kept messages by tokens and prefixes the summary; we do not).
 */
function legacyCompaction(history: readonly ResponseItem[], summary: string): ResponseItem[] {
  const users = history.filter((it) => it.type === "message" && it.role === "user" && !isContextualUserMessage(it));
  return summary === "" ? users : [...users, userTextMessage(summary)];
}

function lastUsage(items: readonly RolloutItem[]): TokenUsage {
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i];
    if (it?.type === "event_msg" && it.payload.type === "token_count" && it.payload.info) {
      return { ...it.payload.info.total_token_usage };
    }
  }
  return emptyUsage();
}

function lastRequestTokens(items: readonly RolloutItem[]): number {
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i];
    if (it?.type === "compacted") return 0;
    if (it?.type === "event_msg" && it.payload.type === "token_count" && it.payload.info) {
      const last = it.payload.info.last_token_usage;
      return last.input_tokens + last.output_tokens;
    }
  }
  return 0;
}

function lastTurnContext(items: readonly RolloutItem[]): TurnContextLine | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i];
    if (it?.type === "turn_context") return it.payload;
  }
  return null;
}

function firstMeta(items: readonly RolloutItem[]): SessionMeta | null {
  for (const it of items) if (it.type === "session_meta") return it.payload;
  return null;
}
