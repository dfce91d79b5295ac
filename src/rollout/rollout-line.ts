// One rollout line as text: `{"timestamp","type","payload"}` out, a validated RolloutLine (or null) in.

import { z } from "../protocol/zod.js";
import { ResponseItem, RolloutItem, type RolloutLine } from "../protocol/index.js";

/** The line for `item` recorded at `at`: UTC millisecond timestamp, no trailing newline. */
export function formatRolloutLine(item: RolloutItem, at: Date): string {
  return JSON.stringify({ timestamp: at.toISOString(), type: item.type, payload: item.payload });
}

/** Parse one line; null when it is not JSON or not a RolloutItem we model. */
export function parseRolloutLine(text: string): RolloutLine | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  // The envelope is checked by hand (a zod object costs a µs per line; a resumed thread can have many thousands).
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return null;
  const { timestamp, type, payload } = raw as Record<string, unknown>;
  if (typeof timestamp !== "string" || typeof type !== "string") return null;
  const item = RolloutItem.safeParse({ type, payload });
  if (item.success) return { ...item.data, timestamp };
  return type === "compacted" ? lenientCompacted(payload, timestamp) : null;
}

const LooseCompacted = z.object({ message: z.string(), replacement_history: z.nullish(z.array(z.unknown())) });

/**
 * A `compacted` line whose replacement history holds item types we do not model (codex writes
 * ghost snapshots and compaction items there): keep the items we know rather than lose the base.
 */
function lenientCompacted(payload: unknown, timestamp: string): RolloutLine | null {
  const loose = LooseCompacted.safeParse(payload);
  if (!loose.success) return null;
  const history = loose.data.replacement_history;
  const known = history?.flatMap((it) => {
    const parsed = ResponseItem.safeParse(it);
    return parsed.success ? [parsed.data] : [];
  });
  const replacement = known === undefined ? {} : { replacement_history: known };
  return { type: "compacted", payload: { message: loose.data.message, ...replacement }, timestamp };
}
