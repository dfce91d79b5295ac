// The last line a command printed, made safe for one transcript line: no escapes or controls, trimmed, capped.

/** Longest line a heartbeat shows (characters, `…` included). */
export const MAX_LAST_LINE_CHARS = 120;

// CSI (colours, cursor moves), OSC (titles, links; ended by BEL or ST), and two-character escapes.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?/g;
// Every C0/C1 control but the line breaks, which are handled before.
const CONTROLS = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;

/** The last non-blank line of `text` as a terminal would leave it, or null when every line is blank. */
export function lastOutputLine(text: string, maxChars: number = MAX_LAST_LINE_CHARS): string | null {
  const lines = text.replace(ESCAPES, "").split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    // A carriage return redraws the line (progress bars): what a terminal shows is the last non-blank redraw.
    const redraws = (lines[i] ?? "").split("\r");
    for (let j = redraws.length - 1; j >= 0; j--) {
      const clean = (redraws[j] ?? "").replace(/\t/g, " ").replace(CONTROLS, "").trim();
      if (clean !== "") return cap(clean, maxChars);
    }
  }
  return null;
}

function cap(line: string, maxChars: number): string {
  const chars = Array.from(line);
  return chars.length <= maxChars ? line : `${chars.slice(0, maxChars - 1).join("").trimEnd()}…`;
}
