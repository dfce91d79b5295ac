// Auto-compaction: when the context fills up, replace the history with a model-written summary.

import {
  COMPACTION_SUMMARY_MARKERS,
  isContextualUserMessage,
  messageText,
  userTextMessage,
  type MessageItem,
  type ResponseItem,
} from "../protocol/index.js";
import COMPACTION_PROMPT from "./compaction-prompt.md";
import { promptItems } from "./prompt-items.js";
import type { TurnContext } from "./run-turn.js";

/** Opens the summary message: what it is and what to do with it. */
const SUMMARY_INTRO =
  "Earlier turns of this conversation were replaced by this summary, written by a model that worked on this task. Continue from it.";

/** Newest real user messages kept verbatim after compaction, by estimated tokens. */
const KEEP_USER_TOKENS = 20_000;

/** Whether the thread's last request filled the context past the configured limit. */
export function needsCompaction(ctx: TurnContext): boolean {
  const limit = ctx.config.autoCompactTokenLimit;
  return limit !== null && ctx.state.lastTokenTotal >= limit;
}

/**
 * Summarise the history with one tool-less request, then keep: the initial context, the newest
 * user messages (up to ~20k tokens), and the summary. A failed summary leaves the history as it was.
 */
export async function compactHistory(ctx: TurnContext): Promise<void> {
  let summary = "";
  try {
    const prompt = {
      input: [...promptItems(ctx.state.items), userTextMessage(COMPACTION_PROMPT.trim())],
      tools: [],
      instructions: ctx.config.baseInstructions,
    };
    for await (const ev of ctx.deps.modelClient.stream(prompt, ctx.signal)) {
      if (ev.type === "output_item_done" && ev.item.type === "message" && ev.item.role === "assistant") {
        summary = messageText(ev.item);
      }
      // The summary request is billed like any other: it counts in the thread's usage.
      if (ev.type === "completed") {
        ctx.responseIds?.push(ev.responseId);
        if (ev.usage) ctx.emit({ type: "token_count", total: ctx.state.addUsage(ev.usage), last: ev.usage });
      }
    }
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    ctx.emit({ type: "warning", message: `could not compact the conversation: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  if (summary.trim() === "") {
    ctx.emit({ type: "warning", message: "could not compact the conversation: the model returned no summary" });
    return;
  }
  const replacement: ResponseItem[] = [
    ...ctx.config.initialContext,
    ...recentUserMessages(ctx.state.items),
    userTextMessage(
      `${COMPACTION_SUMMARY_MARKERS.start}\n${SUMMARY_INTRO}\n\n${summary.trim()}\n${COMPACTION_SUMMARY_MARKERS.end}`,
    ),
  ];
  ctx.state.replace(replacement, summary.trim());
  // Until the next response reports real numbers, the context holds about this much.
  ctx.state.lastTokenTotal = Math.ceil(JSON.stringify(replacement).length / 4);
  ctx.emit({ type: "context_compacted" });
}

function recentUserMessages(items: readonly ResponseItem[]): MessageItem[] {
  const kept: MessageItem[] = [];
  let budget = KEEP_USER_TOKENS;
  for (let i = items.length - 1; i >= 0 && budget > 0; i--) {
    const item = items[i];
    if (item?.type !== "message" || item.role !== "user" || isContextualUserMessage(item)) continue;
    const cost = Math.ceil(JSON.stringify(item).length / 4);
    if (cost > budget) break;
    budget -= cost;
    kept.unshift(item);
  }
  return kept;
}
