// The Responses SSE events we consume, validated with zod; everything else maps to `unknown`.

import { z } from "../../protocol/zod.js";
import { isKnownItemType, ResponseItem, type TokenUsage } from "../../protocol/index.js";
import { StreamError } from "../../errors.js";

const WireUsage = z.object({
  input_tokens: z.number().check(z.int(), z.nonnegative()),
  input_tokens_details: z.nullish(
    z.object({ cached_tokens: z.nullish(z.number().check(z.int())), cache_write_tokens: z.nullish(z.number().check(z.int())) }),
  ),
  output_tokens: z.number().check(z.int(), z.nonnegative()),
  output_tokens_details: z.nullish(z.object({ reasoning_tokens: z.nullish(z.number().check(z.int())) })),
});

const WireError = z.nullish(z.object({ code: z.nullish(z.string()), message: z.nullish(z.string()) }));

const WireEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("response.created") }),
  z.object({ type: z.literal("response.output_item.added"), item: z.looseObject({ type: z.string() }) }),
  z.object({ type: z.literal("response.output_item.done"), item: z.looseObject({ type: z.string() }) }),
  z.object({ type: z.literal("response.output_text.delta"), delta: z.string() }),
  z.object({ type: z.literal("response.reasoning_summary_text.delta"), delta: z.string() }),
  z.object({
    type: z.literal("response.completed"),
    response: z.object({ id: z.string(), usage: z.nullish(WireUsage) }),
  }),
  z.object({ type: z.literal("response.failed"), response: z.object({ error: WireError }) }),
  z.object({
    type: z.literal("response.incomplete"),
    response: z.object({ incomplete_details: z.nullish(z.object({ reason: z.nullish(z.string()) })) }),
  }),
  z.object({ type: z.literal("error"), code: z.nullish(z.string()), message: z.nullish(z.string()) }),
]);
export type WireEvent = z.infer<typeof WireEvent>;

const CONSUMED: ReadonlySet<string> = new Set(WireEvent.def.options.flatMap((o) => o.shape.type.def.values));

/** Whether events of this type are read at all (any other type is ignored, so its data need not be parsed). */
export function isConsumedWireEvent(type: string): boolean {
  return CONSUMED.has(type);
}

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
  // Deltas are nearly all of a long response's events: checked by hand against the same rule as their
  // schema (a string `delta`), which allocates far less than a parse; a bad one still gets zod's message.
  if (type === "response.output_text.delta" || type === "response.reasoning_summary_text.delta") {
    const delta = (raw as { delta?: unknown }).delta;
    if (typeof delta === "string") return { kind: "event", event: { type, delta } };
  }
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
