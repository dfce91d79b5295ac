// Turn limits: which one a turn crossed, with tokens counted and printed as `tokens used` shows them.

import { describe, expect, it } from "vitest";
import type { TurnBudget } from "../../../src/agent/session-config.js";
import { budgetExceeded, limitsUsage, usageOverBudget } from "../../../src/agent/turn-budget.js";
import { emptyUsage, tokensUsedText, type TokenUsage } from "../../../src/protocol/index.js";

const NONE: TurnBudget = { maxRequests: null, maxTokens: null, maxCostUsd: null, price: null };
const PRICE = { input: 5, cached_input: 0.5, output: 30 };
const used = (input: number, cached: number, output: number): TokenUsage => ({
  ...emptyUsage(),
  input_tokens: input,
  cached_input_tokens: cached,
  output_tokens: output,
});

describe("usageOverBudget", () => {
  it.each<{ name: string; budget: Partial<TurnBudget>; used: TokenUsage; want: string | null }>([
    { name: "no limits", budget: {}, used: used(10_000, 0, 10_000), want: null },
    // 3000 input of which 2000 cached, 500 output: 1,500 tokens, not 3,500.
    { name: "cached input does not count", budget: { maxTokens: 1501 }, used: used(3000, 2000, 500), want: null },
    {
      name: "reaching the limit stops",
      budget: { maxTokens: 1500 },
      used: used(3000, 2000, 500),
      want: "stopped after 1,500 tokens (--max-tokens 1500)",
    },
    {
      name: "cost at the price (cached input at its rate)",
      budget: { maxCostUsd: 0.005, price: PRICE },
      used: used(1000, 200, 100),
      want: "stopped after $0.0071 (--max-cost-usd 0.005)",
    },
    { name: "a cost limit without a price is not checked", budget: { maxCostUsd: 0.000001 }, used: used(1000, 0, 100), want: null },
  ])("$name", ({ budget, used: u, want }) => {
    expect(usageOverBudget({ ...NONE, ...budget }, u)).toBe(want);
  });
});

describe("budgetExceeded", () => {
  it("requests come first, then usage", () => {
    const budget = { ...NONE, maxRequests: 2, maxTokens: 10 };
    expect(budgetExceeded(budget, 2, used(100, 0, 0))).toBe("stopped after 2 model requests (--max-turns 2)");
    expect(budgetExceeded(budget, 1, used(100, 0, 0))).toBe("stopped after 100 tokens (--max-tokens 10)");
    expect(budgetExceeded(budget, 1, used(5, 0, 0))).toBeNull();
  });
});

describe("limitsUsage: whether tool calls wait for the response's usage", () => {
  it.each<{ budget: Partial<TurnBudget>; want: boolean }>([
    { budget: {}, want: false },
    { budget: { maxRequests: 3 }, want: false },
    { budget: { maxTokens: 1 }, want: true },
    { budget: { maxCostUsd: 1, price: PRICE }, want: true },
    { budget: { maxCostUsd: 1 }, want: false },
  ])("$budget → $want", ({ budget, want }) => {
    expect(limitsUsage({ ...NONE, ...budget })).toBe(want);
  });
});

describe("tokensUsedText", () => {
  it.each([
    [used(0, 0, 0), "0"],
    [used(999, 0, 0), "999"],
    [used(3000, 2000, 650), "1,650"],
    [used(1_234_567, 0, 0), "1,234,567"],
  ])("%o → %s", (u, want) => {
    expect(tokensUsedText(u)).toBe(want);
  });
});
