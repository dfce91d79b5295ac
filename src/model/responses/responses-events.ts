// One batch of Responses wire events as model events: deltas joined, order kept, the end of the response found.

import { StreamError } from "../../errors.js";
import type { ModelEvent } from "../model-client.js";
import type { ModelClientOptions } from "../transport/openai-sdk.js";
import { mapResponseFailure } from "./response-failure.js";
import { parseWireEvent, toTokenUsage } from "./responses-wire.js";

/** How a batch ended the response: completed, failed (failed, incomplete or malformed), or not yet. */
export type BatchEnd = "completed" | { error: unknown } | null;

/**
 * The model events of `batch`, up to the event that ends the response. The events before a failure are
 * still delivered, so a tool call the model finished is recorded even when the response then failed.
 */
export function toModelEvents(batch: readonly unknown[], logger: ModelClientOptions["logger"]): { events: ModelEvent[]; end: BatchEnd } {
  const out = new JoinedEvents();
  try {
    for (const raw of batch) {
      if (addWireEvent(raw, out, logger)) return { events: out.finish(), end: "completed" };
    }
  } catch (error) {
    return { events: out.finish(), end: { error } };
  }
  return { events: out.finish(), end: null };
}

type DeltaType = "output_text_delta" | "reasoning_summary_delta";

/**
 * Model events with consecutive deltas of one kind joined: nothing downstream needs the wire's
 * 8-character pieces, and a long answer has ~100,000 of them.
 */
class JoinedEvents {
  private readonly events: ModelEvent[] = [];
  private pending: { type: DeltaType; parts: string[] } | null = null;

  push(event: ModelEvent): void {
    this.flush();
    this.events.push(event);
  }

  delta(type: DeltaType, text: string): void {
    if (this.pending?.type !== type) {
      this.flush();
      this.pending = { type, parts: [] };
    }
    this.pending.parts.push(text);
  }

  finish(): ModelEvent[] {
    this.flush();
    return this.events;
  }

  private flush(): void {
    if (this.pending !== null) this.events.push({ type: this.pending.type, delta: this.pending.parts.join("") });
    this.pending = null;
  }
}

/** Add one wire event; true when it completed the response. Throws when it fails the response. */
function addWireEvent(raw: unknown, out: JoinedEvents, logger: ModelClientOptions["logger"]): boolean {
  const parsed = parseWireEvent(raw);
  if (parsed.kind === "ignored") {
    logger.debug({ type: parsed.type }, "ignored SSE event");
    return false;
  }
  if (parsed.kind === "item") {
    out.push({ type: parsed.which === "added" ? "output_item_added" : "output_item_done", item: parsed.item });
    return false;
  }
  const ev = parsed.event;
  switch (ev.type) {
    case "response.output_text.delta":
      out.delta("output_text_delta", ev.delta);
      return false;
    case "response.reasoning_summary_text.delta":
      out.delta("reasoning_summary_delta", ev.delta);
      return false;
    case "response.created":
      out.push({ type: "created" });
      return false;
    case "response.completed":
      out.push({ type: "completed", responseId: ev.response.id, usage: ev.response.usage ? toTokenUsage(ev.response.usage) : null });
      return true;
    case "response.failed":
      throw mapResponseFailure(ev.response.error?.code, ev.response.error?.message);
    case "response.incomplete":
      throw new StreamError("stream_failed", `Incomplete response returned, reason: ${ev.response.incomplete_details?.reason ?? "unknown"}`);
    case "error":
      throw mapResponseFailure(ev.code, ev.message);
    case "response.output_item.added":
    case "response.output_item.done":
      // Reported as items (above) when their item type is known.
      return false;
  }
}
