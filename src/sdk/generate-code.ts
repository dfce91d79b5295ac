// One call for the "code generation block": prompt (+ system prompt, model, effort, token cap) in; text, reasoning, ids, usage out.

import { z } from "../protocol/zod.js";
import { TurnFailedError, UsageError } from "../errors.js";
import { emptyUsage, type TokenUsage } from "../protocol/index.js";
import { engineArgs, environment } from "./codex.js";
import { runTurnEvents } from "./run-turn-events.js";

const GenerateCodeInput = z.object({
  prompt: z.string().check(z.trim(), z.minLength(1, "prompt must not be empty")),
  systemPrompt: z.optional(z.string()),
  model: z.optional(z.string().check(z.minLength(1))),
  reasoningEffort: z.optional(z.enum(["none", "minimal", "low", "medium", "high", "xhigh"])),
  maxOutputTokens: z.optional(z.number().check(z.int(), z.gte(1), z.lte(128_000))),
  apiKey: z.optional(z.string().check(z.minLength(1))),
  baseUrl: z.optional(z.url()),
  workingDirectory: z.optional(z.string().check(z.minLength(1))),
  sandboxMode: z.optional(z.enum(["read-only", "workspace-write", "danger-full-access"])),
  /** The CLI's limits: the call rejects with TurnFailedError code `timeout`, `idle` or `budget`. */
  timeoutMs: z.optional(z.number().check(z.int(), z.positive())),
  idleTimeoutMs: z.optional(z.number().check(z.int(), z.positive())),
  maxTurns: z.optional(z.number().check(z.int(), z.positive())),
  maxTokens: z.optional(z.number().check(z.int(), z.positive())),
  maxCostUsd: z.optional(z.number().check(z.positive())),
  /** Aborts the call: it rejects with the signal's reason (an AbortError by default). */
  signal: z.optional(z.custom<AbortSignal>((v) => v instanceof AbortSignal, "expected an AbortSignal")),
});
export type GenerateCodeInput = z.input<typeof GenerateCodeInput>;

export interface GenerateCodeResult {
  /** The model's final answer. */
  response: string;
  /** Reasoning summaries, joined by blank lines ("" when the model gave none). */
  reasoning: string;
  /** Id of the last model response, or null when the provider sent none. */
  responseId: string | null;
  usage: {
    inputTokens: number;
    cachedInputTokens: number;
    outputTokens: number;
    reasoningOutputTokens: number;
    totalTokens: number;
  };
  /** Model requests made, tool-calling rounds and retries included. */
  llmCallCount: number;
}

/**
 * Generate with one call. Defaults: read-only sandbox, no git check, no session file. The key comes
 * from `apiKey`, else `CODEX_API_KEY` / `OPENAI_API_KEY`. Throws UsageError for bad input, the typed
 * startup errors, and TurnFailedError (code `auth`, `rate_limit`, `bad_request`, `timeout`, …).
 */
export async function generateCode(input: GenerateCodeInput): Promise<GenerateCodeResult> {
  const parsed = GenerateCodeInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError("usage_invalid_value", `generateCode: ${issue?.path.join(".") || "input"}: ${issue?.message ?? "invalid"}`);
  }
  const o = parsed.data;
  const args = {
    ...engineArgs(
      { ...(o.apiKey ? { apiKey: o.apiKey } : {}), ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}) },
      {
        ...(o.model ? { model: o.model } : {}),
        sandboxMode: o.sandboxMode ?? "read-only",
        ...(o.workingDirectory ? { workingDirectory: o.workingDirectory } : {}),
        skipGitRepoCheck: true,
        ...(o.reasoningEffort ? { modelReasoningEffort: o.reasoningEffort } : {}),
        timeoutMs: o.timeoutMs,
        idleTimeoutMs: o.idleTimeoutMs,
        maxTurns: o.maxTurns,
        maxTokens: o.maxTokens,
        maxCostUsd: o.maxCostUsd,
      },
      null,
    ),
    ephemeral: true,
    maxOutputTokens: o.maxOutputTokens,
    instructions: o.systemPrompt,
  };
  const reasoning: string[] = [];
  let responseIds: string[] = [];
  let usage: TokenUsage = emptyUsage();
  let response = "";
  let calls = 0;
  const events = runTurnEvents({
    args,
    env: environment(o.apiKey ? { apiKey: o.apiKey } : {}),
    prompt: o.prompt,
    imagePaths: [],
    signal: o.signal,
    onRequest: () => {
      calls += 1;
    },
    observe: (msg) => {
      if (msg.type === "agent_reasoning") reasoning.push(msg.text);
      if (msg.type === "task_complete") responseIds = msg.response_ids;
    },
  });
  for await (const event of events) {
    if (event.type === "item.completed" && event.item.type === "agent_message") response = event.item.text;
    if (event.type === "turn.completed") usage = event.usage;
    if (event.type === "turn.failed") throw new TurnFailedError(event.error.code ?? "internal", event.error.message);
  }
  return {
    response,
    reasoning: reasoning.join("\n\n"),
    responseId: responseIds.at(-1) ?? null,
    usage: {
      inputTokens: usage.input_tokens,
      cachedInputTokens: usage.cached_input_tokens,
      outputTokens: usage.output_tokens,
      reasoningOutputTokens: usage.reasoning_output_tokens,
      totalTokens: usage.input_tokens + usage.output_tokens,
    },
    llmCallCount: calls,
  };
}
