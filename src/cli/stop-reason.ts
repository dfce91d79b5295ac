// Why a run was stopped from outside (a signal, or a reader that closed stdout), and the exit code each gives.

export type StopReason = "SIGINT" | "SIGTERM" | "SIGHUP" | "stdout_closed";

/** Shell convention, 128 + signal number; a closed stdout is SIGPIPE's 141 (we ignore the signal, not the fact). */
const EXIT_CODES: Record<StopReason, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129, stdout_closed: 141 };

export function stopExitCode(reason: StopReason): number {
  return EXIT_CODES[reason];
}

/** The summary record's `error` for a run stopped this way. */
export function stopError(reason: StopReason): { code: string; message: string } {
  return reason === "stdout_closed"
    ? { code: "stdout_closed", message: "stdout was closed by its reader, so the run stopped" }
    : { code: "interrupted", message: `interrupted by ${reason}` };
}
