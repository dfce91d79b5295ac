// Whether a process the test did not start (a command's child, a server) still runs, from /proc.

import { readFileSync } from "node:fs";

/** Whether `pid` is a live process; a zombie (dead, not yet reaped by whoever inherited it) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}
