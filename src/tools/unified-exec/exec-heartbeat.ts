// Heartbeats of a running command: on a timer until it finishes, its elapsed time and last output line.

import type { HeartbeatTiming } from "./heartbeat-timing.js";
import { lastOutputLine } from "./last-output-line.js";

/** Bytes of recent output searched for the last line: a long line shows its end, capped anyway. */
const LAST_LINE_WINDOW_BYTES = 4096;

/** What a heartbeat reads from a process (an `ExecProcess`). */
export interface HeartbeatSource {
  readonly startedAt: number;
  recentOutput(maxBytes: number): string;
  onFinish(listener: (exitCode: number) => void): void;
}

export interface Heartbeat {
  elapsedMs: number;
  lastLine: string | null;
}

/**
 * Call `beat` at `timing` from the process's start until it finishes, also after the call that started it
 * returned (the command then runs on in the background, and its item stays open until it ends).
 * The timers are unref'd: a heartbeat never keeps the process alive.
 */
export function startHeartbeat(proc: HeartbeatSource, timing: HeartbeatTiming, beat: (h: Heartbeat) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finished = false;
  const schedule = (delayMs: number): void => {
    timer = setTimeout(tick, delayMs);
    timer.unref();
  };
  const tick = (): void => {
    if (finished) return;
    beat({ elapsedMs: Date.now() - proc.startedAt, lastLine: lastOutputLine(proc.recentOutput(LAST_LINE_WINDOW_BYTES)) });
    schedule(timing.everyMs);
  };
  schedule(Math.max(0, proc.startedAt + timing.firstMs - Date.now()));
  proc.onFinish(() => {
    finished = true;
    clearTimeout(timer);
  });
}
