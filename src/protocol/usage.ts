// Token usage: per response and cumulative per thread, in the five fields codex reports.

import { z } from "zod";

export const TokenUsage = z.object({
  input_tokens: z.number().int(),
  cached_input_tokens: z.number().int(),
  cache_write_input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  reasoning_output_tokens: z.number().int(),
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
