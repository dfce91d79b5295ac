// Run-level limits shared by the CLI and the library: `--timeout`/`run_timeout`/`timeoutMs` and `--idle-timeout`/`idleTimeoutMs`.

import type { ExecConfig } from "../config/resolve-config.js";
import { formatDuration } from "../config/duration.js";

export interface RunLimits {
  /** The whole run, in milliseconds; undefined for none. */
  timeoutMs: number | undefined;
  /** Silence from the model and tools, in milliseconds; undefined for none. */
  idleTimeoutMs: number | undefined;
}

/** The flag or option wins over config.toml's `run_timeout`. */
export function runLimits(given: { timeoutMs?: number | undefined; idleTimeoutMs?: number | undefined }, config: ExecConfig): RunLimits {
  return { timeoutMs: given.timeoutMs ?? config.runTimeoutMs ?? undefined, idleTimeoutMs: given.idleTimeoutMs };
}

export interface Watchdog {
  /** Activity: the idle timer starts over. */
  beat(): void;
  stop(): void;
}

/** Calls `stop` once a limit expires, with the turn error code (`timeout`, `idle`) and a message for the user. */
export function startWatchdog(limits: RunLimits, stop: (reason: "timeout" | "idle", message: string) => void): Watchdog {
  const { timeoutMs, idleTimeoutMs } = limits;
  const total =
    timeoutMs === undefined ? undefined : setTimeout(() => stop("timeout", `the run timed out after ${formatDuration(timeoutMs)}`), timeoutMs);
  let idle: NodeJS.Timeout | undefined;
  const beat = (): void => {
    if (idleTimeoutMs === undefined) return;
    clearTimeout(idle);
    idle = setTimeout(() => stop("idle", `no activity from the model or tools for ${formatDuration(idleTimeoutMs)}`), idleTimeoutMs);
  };
  beat();
  return {
    beat,
    stop: () => {
      clearTimeout(total);
      clearTimeout(idle);
    },
  };
}
