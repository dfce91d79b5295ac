// Parses durations such as `90s`, `15m`, `1h30m`, `500ms` or a bare number of seconds.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The longest a timer can wait (2^31 - 1 ms, about 596 h); a longer delay would fire at once. */
export const MAX_DURATION_MS = 2_147_483_647;

/** What a bad duration is told, wherever it was given. */
export const DURATION_EXPECTED = "a duration such as 90s, 15m or 1h (at most 596h)";

/** Milliseconds, or null when the text is not a positive duration a timer can wait for. */
export function parseDuration(text: string | number): number | null {
  const ms = typeof text === "number" ? text * 1000 : textMs(text.trim());
  return ms !== null && ms > 0 && ms <= MAX_DURATION_MS ? ms : null;
}

function textMs(t: string): number | null {
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== t) return null;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] ?? "s"] ?? 0), 0);
}

/** `90s`-style text for messages. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
