// A review turn: a separate, read-only conversation with the reviewer, whose answer becomes the final message.

import { REVIEW_OUTPUT_JSON_SCHEMA, type ReviewRequest, type RolloutRecorder } from "../protocol/index.js";
import { parseReviewOutput, renderReview, NO_REVIEW_TEXT } from "../protocol/index.js";
import REVIEW_PROMPT from "./review-prompt.md";
import { runTurn, type TurnContext, type TurnOutcome } from "./run-turn.js";
import { ThreadHistory } from "./thread-history.js";

/** The reviewer's conversation is not part of the thread's rollout. */
const unrecorded: RolloutRecorder = { path: null, record: async () => undefined, flush: async () => undefined };

/**
 * Run the reviewer in its own history with the review rubric and a strict output schema. Its raw
 * JSON answer is not shown; the rendered review is emitted as the turn's agent message.
 */
export async function runReview(ctx: TurnContext, request: ReviewRequest): Promise<TurnOutcome> {
  const reviewer: TurnContext = {
    ...ctx,
    config: {
      ...ctx.config,
      initialContext: [{ type: "message", role: "developer", content: [{ type: "input_text", text: REVIEW_PROMPT.trim() }] }],
    },
    state: new ThreadHistory(unrecorded, { items: [], usage: ctx.state.usage }, () => undefined),
    outputSchema: REVIEW_OUTPUT_JSON_SCHEMA,
    // The reviewer's raw JSON is an internal message; everything else (commands, usage) is shown.
    emit: (msg) => {
      if (msg.type !== "agent_message") ctx.emit(msg);
    },
  };
  const outcome = await runTurn(reviewer, [{ type: "text", text: request.prompt }]);
  if (outcome.status !== "completed") return outcome;
  const raw = outcome.lastAgentMessage ?? "";
  const review = parseReviewOutput(raw);
  const text = review ? renderReview(review) : raw.trim() || NO_REVIEW_TEXT;
  ctx.state.usage = reviewer.state.usage;
  ctx.emit({ type: "review_output", review, text });
  ctx.emit({ type: "agent_message", item_id: `review_${ctx.turnId}`, message: text });
  return { status: "completed", lastAgentMessage: text };
}
