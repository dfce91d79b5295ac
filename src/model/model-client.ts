// The model-client interface the agent depends on: a prompt in, a stream of model events out.

import type { ResponseItem, TokenUsage, ToolSpec } from "../protocol/index.js";

/** One sampling request's content. */
export interface Prompt {
  input: ResponseItem[];
  tools: ToolSpec[];
  instructions: string;
  /** JSON Schema for the final answer (`text.format`), if any. */
  outputSchema?: unknown;
}

/** What one streamed response yields, in order; errors are thrown as typed errors. */
export type ModelEvent =
  | { type: "created" }
  | { type: "output_item_added"; item: ResponseItem }
  | { type: "output_text_delta"; delta: string }
  | { type: "reasoning_summary_delta"; delta: string }
  | { type: "output_item_done"; item: ResponseItem }
  | { type: "completed"; responseId: string; usage: TokenUsage | null };

export interface ModelClient {
  /** Stream one response. The iterator ends after `completed` or throws a typed error. */
  stream(prompt: Prompt, signal: AbortSignal): AsyncIterable<ModelEvent>;
}
