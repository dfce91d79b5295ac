// Why a run was stopped from outside (a signal, or a reader that closed stdout), and what the summary says of it.

export type StopReason = "SIGINT" | "SIGTERM" | "SIGHUP" | "stdout_closed";

/** The summary record's `error` for a run stopped this way. */
export function stopError(reason: StopReason): { code: string; message: string } {
  return reason === "stdout_closed"
    ? { code: "stdout_closed", message: "stdout was closed by its reader, so the run stopped" }
    : { code: "interrupted", message: `interrupted by ${reason}` };
}
