// A turn's limits (--max-turns, --max-tokens, --max-cost-usd): which one it crossed, as a message for the user.

import { blendedTotal, costUsd, tokensUsedText, type TokenUsage } from "../protocol/index.js";
import type { TurnBudget } from "./session-config.js";

/** Whether a limit depends on usage, so a response's tool calls wait for its usage before they run. */
export function limitsUsage(budget: TurnBudget): boolean {
  return budget.maxTokens !== null || (budget.maxCostUsd !== null && budget.price !== null);
}

/**
 * Which usage limit `used` (the turn's usage so far) crossed, or null. Tokens are counted as the
 * transcript's `tokens used` counts them (input not served from cache, plus output) and printed alike.
 */
export function usageOverBudget(budget: TurnBudget, used: TokenUsage): string | null {
  if (budget.maxTokens !== null && blendedTotal(used) >= budget.maxTokens) {
    return `stopped after ${tokensUsedText(used)} tokens (--max-tokens ${budget.maxTokens})`;
  }
  const cost = costUsd(used, budget.price);
  if (budget.maxCostUsd !== null && cost !== null && cost >= budget.maxCostUsd) {
    return `stopped after $${cost.toFixed(4)} (--max-cost-usd ${budget.maxCostUsd})`;
  }
  return null;
}

/** Which limit the turn crossed after `requests` model requests, or null. Checked before another request. */
export function budgetExceeded(budget: TurnBudget, requests: number, used: TokenUsage): string | null {
  if (budget.maxRequests !== null && requests >= budget.maxRequests) {
    return `stopped after ${requests} model requests (--max-turns ${budget.maxRequests})`;
  }
  return usageOverBudget(budget, used);
}
