// Time as a dependency: the agent never reads the real clock or sets timers itself.

/** Wall-clock time and cancellable waiting. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with an AbortError when `signal` aborts first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}
