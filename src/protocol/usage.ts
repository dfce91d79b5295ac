// Token usage: per response and cumulative per thread, in the five fields codex reports.

import { z } from "./zod.js";

export const TokenUsage = z.object({
  input_tokens: z.number().check(z.int()),
  cached_input_tokens: z.number().check(z.int()),
  cache_write_input_tokens: z.number().check(z.int()),
  output_tokens: z.number().check(z.int()),
  reasoning_output_tokens: z.number().check(z.int()),
});
export type TokenUsage = z.infer<typeof TokenUsage>;

/** All-zero usage, the starting point of a thread. */
export function emptyUsage(): TokenUsage {
  return {
    input_tokens: 0,
    cached_input_tokens: 0,
    cache_write_input_tokens: 0,
    output_tokens: 0,
    reasoning_output_tokens: 0,
  };
}

/** Field-wise sum of two usages. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    cached_input_tokens: a.cached_input_tokens + b.cached_input_tokens,
    cache_write_input_tokens: a.cache_write_input_tokens + b.cache_write_input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens + b.reasoning_output_tokens,
  };
}

/** The number codex prints as "tokens used": uncached input plus output. */
export function blendedTotal(u: TokenUsage): number {
  return Math.max(0, u.input_tokens - u.cached_input_tokens) + u.output_tokens;
}

/** `blendedTotal` as codex prints it under "tokens used": digits grouped by commas (`2,650`). */
export function tokensUsedText(u: TokenUsage): string {
  return groupDigits(blendedTotal(u));
}

/**
 * `1234567` → `1,234,567`, as en-US `toLocaleString` writes it. By hand: `toLocaleString` makes V8 load
 * ICU's number-format data, ~7 MB of resident memory for one line (README "Performance").
 */
export function groupDigits(n: number): string {
  const [whole = "", fraction] = String(Math.abs(n)).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  return `${n < 0 ? "-" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** USD per million tokens. */
export const ModelPrice = z.object({
  input: z.number().check(z.nonnegative()),
  cached_input: z.optional(z.number().check(z.nonnegative())),
  output: z.number().check(z.nonnegative()),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

/** Cost of `u` at `price` (cached input at its own rate, else the input rate); null without a price. */
export function costUsd(u: TokenUsage, price: ModelPrice | null): number | null {
  if (!price) return null;
  const cached = Math.min(u.cached_input_tokens, u.input_tokens);
  const dollars =
    (u.input_tokens - cached) * price.input + cached * (price.cached_input ?? price.input) + u.output_tokens * price.output;
  return Math.round((dollars / 1_000_000) * 1e6) / 1e6;
}

/** Field-wise difference (what was used since `before`). */
export function subtractUsage(a: TokenUsage, before: TokenUsage): TokenUsage {
  return {
    input_tokens: a.input_tokens - before.input_tokens,
    cached_input_tokens: a.cached_input_tokens - before.cached_input_tokens,
    cache_write_input_tokens: a.cache_write_input_tokens - before.cache_write_input_tokens,
    output_tokens: a.output_tokens - before.output_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens - before.reasoning_output_tokens,
  };
}
