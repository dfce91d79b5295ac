// Builds the body of `POST {base}/chat/completions` from a prompt and the session's model settings.

import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";
import { chatMessages, chatTools } from "./chat-messages.js";
import type { Prompt } from "../model-client.js";
import type { ModelSettings } from "../responses/responses-request.js";

/** The streaming request, plus the tool types left out because this wire cannot carry them. */
export function buildChatBody(
  prompt: Prompt,
  s: ModelSettings,
): { body: ChatCompletionCreateParamsStreaming; droppedTools: string[] } {
  const { tools, dropped } = chatTools(prompt.tools);
  const body: ChatCompletionCreateParamsStreaming = {
    model: s.model,
    messages: chatMessages(prompt.instructions, prompt.input),
    stream: true,
    stream_options: { include_usage: true },
  };
  // An empty `tools` array is rejected by OpenAI and some local servers; none means "no tools".
  if (tools.length > 0) body.tools = tools;
  // Only settings the user chose: many OpenAI-compatible servers reject parameters they do not know.
  // A global `model_reasoning_effort` would make servers refuse models that cannot reason (Ollama: "does
  // not support thinking"), so effort goes only to known reasoning models or when forced with
  // `model_supports_reasoning_summaries = true`.
  const reasons = s.supportsReasoningSummaries ?? s.info.supportsReasoningSummaries;
  if (s.reasoningEffort !== null && reasons) body.reasoning_effort = s.reasoningEffort;
  // `max_tokens`, not `max_completion_tokens`: the one every OpenAI-compatible server understands.
  if (s.maxOutputTokens !== null) body.max_tokens = s.maxOutputTokens;
  if (prompt.outputSchema !== undefined && isRecord(prompt.outputSchema)) {
    body.response_format = {
      type: "json_schema",
      json_schema: { name: "codex_output_schema", strict: true, schema: prompt.outputSchema },
    };
  }
  return { body, droppedTools: dropped };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
