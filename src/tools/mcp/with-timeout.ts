// Runs an MCP request under a deadline and the caller's signal, reporting which one ended it.

/** Longest delay `setTimeout` honours; anything larger would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export type Bounded<T> =
  | { status: "ok"; value: T }
  | { status: "failed"; error: unknown }
  | { status: "timed_out" }
  | { status: "aborted" };

/**
 * Run `task` with a signal that aborts after `ms` or when `outer` aborts. The result settles at the
 * deadline even if `task` ignores its signal.
 */
export async function withTimeout<T>(
  ms: number,
  outer: AbortSignal | null,
  task: (signal: AbortSignal) => Promise<T>,
): Promise<Bounded<T>> {
  if (outer?.aborted) return { status: "aborted" };
  const controller = new AbortController();
  let timedOut = false;
  let wake = (): void => undefined;
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error("timed out"));
    wake();
  }, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
  const onAbort = (): void => {
    controller.abort(outer?.reason);
    wake();
  };
  outer?.addEventListener("abort", onAbort, { once: true });
  try {
    const run = task(controller.signal).then(
      (value): Bounded<T> => ({ status: "ok", value }),
      (error: unknown): Bounded<T> => ({ status: "failed", error }),
    );
    const result = await Promise.race([run, stopped.then((): null => null)]);
    if (timedOut) return { status: "timed_out" };
    if (outer?.aborted) return { status: "aborted" };
    return result ?? { status: "aborted" };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onAbort);
  }
}

/** `1s`, `1.5s`, `60s`: how codex prints a timeout. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}
