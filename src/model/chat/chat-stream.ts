// Accumulates streamed Chat Completions chunks (validated with zod) into the ModelEvents the agent consumes.

import { z } from "../../protocol/zod.js";
import { ModelApiError, StreamError } from "../../errors.js";
import type { ResponseItem, TokenUsage } from "../../protocol/index.js";
import type { ModelEvent } from "../model-client.js";

const Count = z.nullish(z.number().check(z.nonnegative()));

/** Usage in the final chunk (`stream_options.include_usage`); a shape we cannot read counts as absent. */
const ChunkUsage = z.catch(
  z.nullish(
    z.looseObject({
      prompt_tokens: Count,
      completion_tokens: Count,
      prompt_tokens_details: z.nullish(z.looseObject({ cached_tokens: Count })),
      completion_tokens_details: z.nullish(z.looseObject({ reasoning_tokens: Count })),
    }),
  ),
  null,
);

const ToolCallDelta = z.looseObject({
  index: z.nullish(z.number().check(z.int(), z.nonnegative())),
  id: z.nullish(z.string()),
  function: z.nullish(
    z.looseObject({
      name: z.nullish(z.string()),
      // Some servers send the arguments as an object rather than JSON text.
      arguments: z.nullish(z.union([z.string(), z.record(z.string(), z.unknown())])),
    }),
  ),
});

const TextPart = z.looseObject({ text: z.nullish(z.string()), content: z.nullish(z.string()) });

const Delta = z.looseObject({
  content: z.nullish(z.union([z.string(), z.array(TextPart)])),
  // Raw reasoning: `reasoning` (Ollama, OpenRouter, gpt-oss servers) or `reasoning_content` (vLLM, llama.cpp, LM Studio).
  reasoning: z.nullish(z.union([z.string(), TextPart])),
  reasoning_content: z.nullish(z.string()),
  tool_calls: z.nullish(z.array(ToolCallDelta)),
});

const ChatChunk = z.looseObject({
  id: z.nullish(z.string()),
  choices: z.nullish(
    z.array(
      z.looseObject({
        index: z.nullish(z.number().check(z.int())),
        delta: z.nullish(Delta),
        finish_reason: z.nullish(z.string()),
      }),
    ),
  ),
  usage: ChunkUsage,
});
export type ChatChunk = z.infer<typeof ChatChunk>;

interface CallState {
  id: string | null;
  name: string;
  arguments: string;
}

/**
 * One response's stream. `push` each chunk, then `finish` once the stream ends. Items are emitted when
 * the choice finishes (reasoning, then the assistant message, then calls in index order); `completed`
 * comes at the end, after the usage chunk that follows the finish.
 */
export class ChatStreamAccumulator {
  private responseId: string | null = null;
  private text = "";
  private textStarted = false;
  private reasoning = "";
  private readonly calls: CallState[] = [];
  /** The call each stream index currently refers to. */
  private readonly byIndex = new Map<number, CallState>();
  private usage: TokenUsage | null = null;
  private finished = false;
  private sawChunk = false;

  /** `newId` names the response when the server gives no chunk id. */
  constructor(private readonly newId: () => string) {}

  /** The events one chunk produces; throws a typed error for a malformed chunk or a length cut-off. */
  push(raw: unknown): ModelEvent[] {
    const parsed = ChatChunk.safeParse(raw);
    if (!parsed.success) {
      throw new StreamError("stream_malformed", `malformed chat completion chunk: ${describeIssue(parsed.error)}`);
    }
    const chunk = parsed.data;
    const events: ModelEvent[] = [];
    if (!this.sawChunk) {
      this.sawChunk = true;
      events.push({ type: "created" });
    }
    if (this.responseId === null && chunk.id) this.responseId = chunk.id;
    if (chunk.usage) this.usage = toTokenUsage(chunk.usage);
    // Only the first choice is ours (we never ask for n > 1).
    const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
    if (!choice || this.finished) return events;
    const delta = choice.delta;
    if (delta) {
      const text = contentText(delta.content);
      if (text !== "") {
        if (!this.textStarted) {
          this.textStarted = true;
          events.push({ type: "output_item_added", item: assistantMessage("") });
        }
        this.text += text;
        events.push({ type: "output_text_delta", delta: text });
      }
      this.reasoning += reasoningText(delta.reasoning) + (delta.reasoning_content ?? "");
      for (const call of delta.tool_calls ?? []) this.addCallDelta(call);
    }
    if (choice.finish_reason) {
      if (choice.finish_reason === "length") {
        throw new ModelApiError(
          "api_context_length",
          "context_length",
          'the model stopped at its length limit (finish_reason "length"): the conversation is too long for its context window, or max_output_tokens is too low; start a new thread or shorten the input',
          false,
        );
      }
      // Calls are emitted whatever the reason: some servers finish a tool-call response with "stop".
      events.push(...this.flushItems());
    }
    return events;
  }

  /** True once the choice finished and usage arrived: nothing more is expected before `[DONE]`. */
  get complete(): boolean {
    return this.finished && this.usage !== null;
  }

  /** The events at the end of the stream: any items not yet emitted, then `completed`. */
  finish(): ModelEvent[] {
    // A body that ends before the choice finished was cut off; acting on half a tool call would be worse than retrying.
    if (!this.finished) {
      throw new StreamError(
        "stream_closed_early",
        this.sawChunk ? "stream closed before finish_reason" : "stream closed before any chat completion chunk",
      );
    }
    return [{ type: "completed", responseId: this.id(), usage: this.usage }];
  }

  private addCallDelta(d: z.infer<typeof ToolCallDelta>): void {
    const id = d.id ? d.id : null;
    let call: CallState | undefined;
    if (d.index !== null && d.index !== undefined) {
      call = this.byIndex.get(d.index);
      // A new id at a known index is a new call (servers that number every call 0).
      if (call && id !== null && call.id !== null && call.id !== id) call = undefined;
      if (!call) {
        call = this.newCall(id);
        this.byIndex.set(d.index, call);
      }
    } else if (id !== null) {
      call = this.calls.find((c) => c.id === id) ?? this.newCall(id);
    } else {
      // Neither index nor id: a continuation of the latest call.
      call = this.calls.at(-1) ?? this.newCall(null);
    }
    if (call.id === null && id !== null) call.id = id;
    const name = d.function?.name;
    // The name comes whole (some servers repeat it in every chunk), so the first one is kept.
    if (name && call.name === "") call.name = name;
    const args = d.function?.arguments;
    if (typeof args === "string") call.arguments += args;
    else if (args) call.arguments += JSON.stringify(args);
  }

  private newCall(id: string | null): CallState {
    const call: CallState = { id, name: "", arguments: "" };
    this.calls.push(call);
    return call;
  }

  private flushItems(): ModelEvent[] {
    this.finished = true;
    const items: ResponseItem[] = [];
    if (this.reasoning !== "") {
      // Raw reasoning is kept in the record; it is never sent back on this wire.
      items.push({ type: "reasoning", summary: [], content: [{ type: "reasoning_text", text: this.reasoning }] });
    }
    if (this.text !== "") items.push(assistantMessage(this.text));
    this.calls.forEach((call, i) => {
      if (call.name === "") return;
      items.push({
        type: "function_call",
        name: call.name,
        // Tools without parameters may stream no arguments at all.
        arguments: call.arguments.trim() === "" ? "{}" : call.arguments,
        call_id: call.id ?? `${this.id()}-call-${i}`,
      });
    });
    return items.map((item) => ({ type: "output_item_done", item }));
  }

  private id(): string {
    this.responseId ??= this.newId();
    return this.responseId;
  }
}

function assistantMessage(text: string): ResponseItem {
  return { type: "message", role: "assistant", content: text === "" ? [] : [{ type: "output_text", text }] };
}

function contentText(content: z.infer<typeof Delta>["content"]): string {
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  return content.map((p) => p.text ?? "").join("");
}

function reasoningText(r: z.infer<typeof Delta>["reasoning"]): string {
  if (r === null || r === undefined) return "";
  if (typeof r === "string") return r;
  return r.text ?? r.content ?? "";
}

function toTokenUsage(u: NonNullable<z.infer<typeof ChunkUsage>>): TokenUsage {
  const n = (v: number | null | undefined): number => Math.round(v ?? 0);
  return {
    input_tokens: n(u.prompt_tokens),
    cached_input_tokens: n(u.prompt_tokens_details?.cached_tokens),
    cache_write_input_tokens: 0,
    output_tokens: n(u.completion_tokens),
    reasoning_output_tokens: n(u.completion_tokens_details?.reasoning_tokens),
  };
}

function describeIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  return issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
}
