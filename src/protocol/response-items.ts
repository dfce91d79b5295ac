// Responses API conversation items (history sent as `input`, items received in output), as zod schemas.

import { z } from "./zod.js";

export const InputText = z.object({ type: z.literal("input_text"), text: z.string() });
export const OutputText = z.object({ type: z.literal("output_text"), text: z.string() });
export const InputImage = z.object({
  type: z.literal("input_image"),
  image_url: z.string(),
  detail: z.optional(z.enum(["auto", "low", "high"])),
});
export const Refusal = z.object({ type: z.literal("refusal"), refusal: z.string() });
export const ContentItem = z.discriminatedUnion("type", [InputText, OutputText, InputImage, Refusal]);
export type ContentItem = z.infer<typeof ContentItem>;

export const MessageItem = z.object({
  type: z.literal("message"),
  id: z.optional(z.string()),
  role: z.enum(["user", "assistant", "developer", "system"]),
  content: z.array(ContentItem),
  phase: z.optional(z.enum(["commentary", "final_answer"])),
});

export const ReasoningItem = z.object({
  type: z.literal("reasoning"),
  id: z.optional(z.string()),
  summary: z.array(z.object({ type: z.literal("summary_text"), text: z.string() })),
  content: z.nullish(z.array(z.object({ type: z.enum(["reasoning_text", "text"]), text: z.string() }))),
  encrypted_content: z.nullish(z.string()),
});

export const FunctionCallItem = z.object({
  type: z.literal("function_call"),
  id: z.optional(z.string()),
  name: z.string(),
  namespace: z.optional(z.string()),
  arguments: z.string(),
  call_id: z.string(),
});

const ToolOutputPayload = z.union([z.string(), z.array(ContentItem)]);

export const FunctionCallOutputItem = z.object({
  type: z.literal("function_call_output"),
  call_id: z.string(),
  output: ToolOutputPayload,
});

export const CustomToolCallItem = z.object({
  type: z.literal("custom_tool_call"),
  id: z.optional(z.string()),
  status: z.optional(z.string()),
  call_id: z.string(),
  name: z.string(),
  input: z.string(),
});

export const CustomToolCallOutputItem = z.object({
  type: z.literal("custom_tool_call_output"),
  call_id: z.string(),
  output: ToolOutputPayload,
});

export const WebSearchCallItem = z.object({
  type: z.literal("web_search_call"),
  id: z.optional(z.string()),
  status: z.optional(z.string()),
  action: z.optional(z.looseObject({ type: z.string() })),
});

export const ResponseItem = z.discriminatedUnion("type", [
  MessageItem,
  ReasoningItem,
  FunctionCallItem,
  FunctionCallOutputItem,
  CustomToolCallItem,
  CustomToolCallOutputItem,
  WebSearchCallItem,
]);
export type ResponseItem = z.infer<typeof ResponseItem>;
export type MessageItem = z.infer<typeof MessageItem>;
export type ReasoningItem = z.infer<typeof ReasoningItem>;
export type FunctionCallItem = z.infer<typeof FunctionCallItem>;
export type CustomToolCallItem = z.infer<typeof CustomToolCallItem>;

const KNOWN_ITEM_TYPES: ReadonlySet<string> = new Set(ResponseItem.def.options.flatMap((o) => o.shape.type.def.values));

/** True when the item type is one we model; other types are passed over. */
export function isKnownItemType(type: string): boolean {
  return KNOWN_ITEM_TYPES.has(type);
}

/** The visible text of an assistant message (output_text parts joined). */
export function messageText(item: MessageItem): string {
  return item.content
    .map((c) => (c.type === "output_text" || c.type === "input_text" ? c.text : ""))
    .join("");
}

/** A user message with one text part. */
export function userTextMessage(text: string): MessageItem {
  return { type: "message", role: "user", content: [{ type: "input_text", text }] };
}

/** What a call left without an output (an interrupted or killed run) is answered with, as codex does. */
export const MISSING_CALL_OUTPUT = "aborted";
