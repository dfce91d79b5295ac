// Builds the JSON body of `POST {base}/responses` from a prompt and the session's model settings.

import type { ReasoningEffort, ReasoningSummary, ResponseItem } from "../../protocol/index.js";
import type { Prompt } from "../model-client.js";
import type { ModelInfo } from "../model-info.js";

export interface ModelSettings {
  model: string;
  info: ModelInfo;
  /** Thread id: used as `prompt_cache_key`. */
  threadId: string;
  reasoningEffort: ReasoningEffort | null;
  reasoningSummary: ReasoningSummary | null;
  verbosity: "low" | "medium" | "high" | null;
  supportsReasoningSummaries: boolean | null;
  maxOutputTokens: number | null;
  /** Sent only when configured. */
  serviceTier?: string | null;
}

/** The request body; field order follows codex's serialisation. */
export function buildResponsesBody(prompt: Prompt, s: ModelSettings): Record<string, unknown> {
  const reasoning = reasoningParam(s);
  const text: Record<string, unknown> = {};
  // Models without verbosity support reject the parameter, so a configured value is dropped for them.
  const verbosity = s.info.supportsVerbosity ? (s.verbosity ?? s.info.defaultVerbosity) : null;
  if (verbosity) text["verbosity"] = verbosity;
  if (prompt.outputSchema !== undefined) {
    text["format"] = { type: "json_schema", strict: true, schema: prompt.outputSchema, name: "codex_output_schema" };
  }
  const body: Record<string, unknown> = { model: s.model };
  if (prompt.instructions !== "") body["instructions"] = prompt.instructions;
  body["input"] = prompt.input.map(withoutId);
  body["tools"] = prompt.tools;
  body["tool_choice"] = "auto";
  body["parallel_tool_calls"] = s.info.supportsParallelToolCalls;
  body["reasoning"] = reasoning;
  body["store"] = false;
  body["stream"] = true;
  body["include"] = reasoning ? ["reasoning.encrypted_content"] : [];
  if (s.serviceTier) body["service_tier"] = s.serviceTier;
  body["prompt_cache_key"] = s.threadId;
  if (s.maxOutputTokens !== null) body["max_output_tokens"] = s.maxOutputTokens;
  if (Object.keys(text).length > 0) body["text"] = text;
  return body;
}

function reasoningParam(s: ModelSettings): Record<string, string> | null {
  const configured = s.reasoningEffort !== null || s.reasoningSummary !== null;
  const supported = s.supportsReasoningSummaries ?? s.info.supportsReasoningSummaries;
  // An explicit setting is the user's choice and is sent even for models we do not know.
  if (!supported && !configured) return null;
  const out: Record<string, string> = {};
  const effort = s.reasoningEffort ?? (supported ? s.info.defaultReasoningEffort : null);
  if (effort) out["effort"] = effort;
  const summary = s.reasoningSummary ?? (supported ? s.info.defaultReasoningSummary : null);
  if (summary && summary !== "none") out["summary"] = summary;
  return Object.keys(out).length > 0 ? out : null;
}

/** Item ids are server-side references; with `store: false` they must not be sent back. */
function withoutId(item: ResponseItem): ResponseItem {
  if (!("id" in item) || item.id === undefined) return item;
  const { id: _omit, ...rest } = item;
  return rest as ResponseItem;
}
