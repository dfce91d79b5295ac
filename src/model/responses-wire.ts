// The Responses SSE events we consume, validated with zod; everything else maps to `unknown`.

import { z } from "zod";
import { isKnownItemType, ResponseItem, type TokenUsage } from "../protocol/index.js";
import { StreamError } from "../errors.js";

const WireUsage = z.object({
  input_tokens: z.number().int().nonnegative(),
  input_tokens_details: z
    .object({ cached_tokens: z.number().int().nullish(), cache_write_tokens: z.number().int().nullish() })
    .nullish(),
  output_tokens: z.number().int().nonnegative(),
  output_tokens_details: z.object({ reasoning_tokens: z.number().int().nullish() }).nullish(),
});

const WireError = z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish();

const WireEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("response.created") }),
  z.object({ type: z.literal("response.output_item.added"), item: z.looseObject({ type: z.string() }) }),
  z.object({ type: z.literal("response.output_item.done"), item: z.looseObject({ type: z.string() }) }),
  z.object({ type: z.literal("response.output_text.delta"), delta: z.string() }),
  z.object({ type: z.literal("response.reasoning_summary_text.delta"), delta: z.string() }),
  z.object({
    type: z.literal("response.completed"),
    response: z.object({ id: z.string(), usage: WireUsage.nullish() }),
  }),
  z.object({ type: z.literal("response.failed"), response: z.object({ error: WireError }) }),
  z.object({
    type: z.literal("response.incomplete"),
    response: z.object({ incomplete_details: z.object({ reason: z.string().nullish() }).nullish() }),
  }),
  z.object({ type: z.literal("error"), code: z.string().nullish(), message: z.string().nullish() }),
]);
export type WireEvent = z.infer<typeof WireEvent>;

const CONSUMED: ReadonlySet<string> = new Set(WireEvent.options.map((o) => o.shape.type.value));

/** The result of reading one SSE payload. */
export type ParsedWireEvent =
  | { kind: "event"; event: WireEvent }
  | { kind: "item"; which: "added" | "done"; item: ResponseItem }
  | { kind: "ignored"; type: string };

/** Validate one SSE `data` payload; a known type with a bad shape is a malformed stream. */
export function parseWireEvent(raw: unknown): ParsedWireEvent {
  const type = typeof raw === "object" && raw !== null && "type" in raw ? raw.type : undefined;
  if (typeof type !== "string") throw new StreamError("stream_malformed", "malformed SSE event: no `type` field");
  if (!CONSUMED.has(type)) return { kind: "ignored", type };
  const parsed = WireEvent.safeParse(raw);
  if (!parsed.success) {
    throw new StreamError("stream_malformed", `malformed SSE event \`${type}\`: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  }
  const event = parsed.data;
  if (event.type === "response.output_item.added" || event.type === "response.output_item.done") {
    if (!isKnownItemType(event.item.type)) return { kind: "ignored", type: `${type}:${event.item.type}` };
    const item = ResponseItem.safeParse(event.item);
    if (!item.success) {
      throw new StreamError(
        "stream_malformed",
        `malformed \`${event.item.type}\` item in \`${type}\`: ${item.error.issues[0]?.message ?? "invalid"}`,
      );
    }
    return { kind: "item", which: event.type === "response.output_item.added" ? "added" : "done", item: item.data };
  }
  return { kind: "event", event };
}

/** Map wire usage to our five-field usage. */
export function toTokenUsage(u: z.infer<typeof WireUsage>): TokenUsage {
  return {
    input_tokens: u.input_tokens,
    cached_input_tokens: u.input_tokens_details?.cached_tokens ?? 0,
    cache_write_input_tokens: u.input_tokens_details?.cache_write_tokens ?? 0,
    output_tokens: u.output_tokens,
    reasoning_output_tokens: u.output_tokens_details?.reasoning_tokens ?? 0,
  };
}
