// A running command's heartbeat as one dimmed transcript line: `  … still running (40s): <its last line>`.

import type { EventMsg } from "../protocol/index.js";
import type { Style } from "./style.js";

type Progress = Extract<EventMsg, { type: "exec_command_progress" }>;

/** A command named in a heartbeat is cut here: the line is a reminder, the `exec` block has it whole. */
const MAX_COMMAND_CHARS = 60;

/**
 * The heartbeat line. `command` is given when something else was printed since the command's `exec` block
 * (a command left running in the background, parallel calls): the line then says which command it is.
 */
export function progressLine(msg: Progress, command: string | null, s: Style): string {
  const who = command === null ? "" : `${shorten(command)} `;
  const last = msg.last_line === null ? "" : `: ${msg.last_line}`;
  return `${s.dim(`  … ${who}still running (${formatElapsed(msg.elapsed_ms)})${last}`)}\n`;
}

/** `9s`, `1m 05s`, `2h 03m`: whole units, as a clock a reader compares between lines. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

function shorten(command: string): string {
  const flat = command.replace(/\s+/g, " ").trim();
  return flat.length <= MAX_COMMAND_CHARS ? flat : `${flat.slice(0, MAX_COMMAND_CHARS - 1)}…`;
}
