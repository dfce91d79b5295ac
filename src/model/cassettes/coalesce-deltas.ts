// Joins a streamed text whose pieces split a run-specific value (a path cut across two deltas), so the
// recorder can replace that value with its placeholder; other deltas keep their recorded chunking.

/** Same text stream: event type, item, and part within the item. */
function streamKey(event: Record<string, unknown>): string | null {
  const { type, item_id: itemId, delta } = event;
  if (typeof type !== "string" || !type.endsWith(".delta") || typeof itemId !== "string" || typeof delta !== "string") return null;
  return JSON.stringify([type, itemId, event["output_index"], event["content_index"], event["summary_index"]]);
}

/**
 * Responses SSE events with each delta stream whose joined text `needsWhole` (it holds a value the
 * recorder must replace) turned into one delta carrying the whole text, at the first delta's place.
 */
export function coalesceDeltas(events: readonly unknown[], needsWhole: (text: string) => boolean): unknown[] {
  const streams = new Map<string, string[]>();
  for (const event of events) {
    const key = isRecord(event) ? streamKey(event) : null;
    if (key !== null && isRecord(event)) streams.set(key, [...(streams.get(key) ?? []), String(event["delta"])]);
  }
  const whole = new Map<string, string>();
  for (const [key, pieces] of streams) {
    const text = pieces.join("");
    // One piece already holds any value it contains: nothing to join.
    if (pieces.length > 1 && needsWhole(text)) whole.set(key, text);
  }
  if (whole.size === 0) return [...events];
  const emitted = new Set<string>();
  return events.flatMap((event) => {
    const key = isRecord(event) ? streamKey(event) : null;
    const text = key === null ? undefined : whole.get(key);
    if (key === null || text === undefined || !isRecord(event)) return [event];
    if (emitted.has(key)) return [];
    emitted.add(key);
    return [{ ...event, delta: text }];
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
