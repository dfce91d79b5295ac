// When a running command's heartbeats fire: the default, and `CODEX_EXEC_HEARTBEAT_MS` to change or disable it.

/** First heartbeat `firstMs` after the command started, then one every `everyMs`. */
export interface HeartbeatTiming {
  firstMs: number;
  everyMs: number;
}

/**
 * 10 s: exec_command's default wait, so a command that ends within it never gets one. Then 30 s: a
 * 10-minute build adds 20 lines to a CI log, well inside the no-output limits of CI services (≥ 10 min).
 */
export const DEFAULT_HEARTBEAT: HeartbeatTiming = { firstMs: 10_000, everyMs: 30_000 };

/** Shorter values would flood the transcript; they are refused rather than honoured. */
const MIN_MS = 50;

/**
 * `CODEX_EXEC_HEARTBEAT_MS`: unset or empty → the default; `0` → no heartbeats; `N` → first after N ms, then
 * every N ms; `N,M` → first after N ms, then every M ms. Anything else → the default and a warning.
 */
export function heartbeatTiming(value: string | undefined): { timing: HeartbeatTiming | null; warning: string | null } {
  const text = value?.trim() ?? "";
  if (text === "") return { timing: DEFAULT_HEARTBEAT, warning: null };
  if (text === "0") return { timing: null, warning: null };
  const parts = text.split(",").map((p) => (/^\d+$/.test(p.trim()) ? Number(p) : NaN));
  const first = parts[0] ?? NaN;
  const every = parts[1] ?? first;
  if (parts.length > 2 || !(first >= MIN_MS) || !(every >= MIN_MS)) {
    const { firstMs, everyMs } = DEFAULT_HEARTBEAT;
    return {
      timing: DEFAULT_HEARTBEAT,
      warning: `CODEX_EXEC_HEARTBEAT_MS=${value} is not 0, N or N,M (milliseconds, at least ${MIN_MS}); using ${firstMs},${everyMs}`,
    };
  }
  return { timing: { firstMs: first, everyMs: every }, warning: null };
}
