// Prices (USD per million tokens) of current OpenAI models, overridable with [model_prices."<model>"].

import type { ModelPrice } from "../protocol/index.js";

/**
 * OpenAI's list prices, standard tier; a model not listed has no price (its cost is null, and
 * `--max-cost-usd` asks for a `[model_prices]` entry).
 *
 * GPT-5.5, GPT-5.4 (and mini, nano), GPT-5.3-codex and GPT-5.2 (the catalog codex ships): prices of
 * 2026-06, from GitHub's table of OpenAI per-token prices (github/docs,
 * data/tables/copilot/models-and-pricing.yml), which third-party copies of openai.com/api/pricing dated
 * June 2026 agree with; read in December 2026. GPT-5.5 and GPT-5.4 bill a request of more than 272K
 * input tokens at a higher long-context rate (about 2x input, 1.5x output), which is not modelled here.
 * The older rows (GPT-5, GPT-4.1, GPT-4o, o3, o4-mini) were added earlier; their date was not recorded.
 */
const BUILT_IN: Readonly<Record<string, ModelPrice>> = {
  "gpt-5.5": { input: 5, cached_input: 0.5, output: 30 },
  "gpt-5.4": { input: 2.5, cached_input: 0.25, output: 15 },
  "gpt-5.4-mini": { input: 0.75, cached_input: 0.075, output: 4.5 },
  "gpt-5.4-nano": { input: 0.2, cached_input: 0.02, output: 1.25 },
  "gpt-5.3-codex": { input: 1.75, cached_input: 0.175, output: 14 },
  "gpt-5.2": { input: 1.75, cached_input: 0.175, output: 14 },
  "gpt-5.2-codex": { input: 1.75, cached_input: 0.175, output: 14 },
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
