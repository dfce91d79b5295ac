// Prices (USD per million tokens) of current OpenAI models, overridable with [model_prices."<model>"].

import type { ModelPrice } from "../protocol/index.js";

/** List prices as published by OpenAI; models not listed have no price (cost reported as null). */
const BUILT_IN: Readonly<Record<string, ModelPrice>> = {
  "gpt-5": { input: 1.25, cached_input: 0.125, output: 10 },
  "gpt-5-codex": { input: 1.25, cached_input: 0.125, output: 10 },
  "gpt-5.1": { input: 1.25, cached_input: 0.125, output: 10 },
  "gpt-5-mini": { input: 0.25, cached_input: 0.025, output: 2 },
  "gpt-5-nano": { input: 0.05, cached_input: 0.005, output: 0.4 },
  "gpt-4.1": { input: 2, cached_input: 0.5, output: 8 },
  "gpt-4.1-mini": { input: 0.4, cached_input: 0.1, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, cached_input: 0.025, output: 0.4 },
  "gpt-4o": { input: 2.5, cached_input: 1.25, output: 10 },
  "gpt-4o-mini": { input: 0.15, cached_input: 0.075, output: 0.6 },
  o3: { input: 2, cached_input: 0.5, output: 8 },
  "o4-mini": { input: 1.1, cached_input: 0.275, output: 4.4 },
};

const DATED = /-\d{4}-\d{2}-\d{2}$/;

/** The price of `model`: config first, then the table (a dated snapshot takes its family's price). */
export function priceFor(model: string, configured: Readonly<Record<string, ModelPrice>>): ModelPrice | null {
  return configured[model] ?? BUILT_IN[model] ?? BUILT_IN[model.replace(DATED, "")] ?? null;
}
