// Command output as the transcript shows it: long output keeps its head and tail, long lines are cut.

import type { Style } from "./style.js";

/**
 * Up to 25 lines show whole; longer output shows its first 10 and last 10. The head says what the command
 * started doing, the tail holds what a CI reader wants (the error, the test summary); at 25 lines the marker
 * would hide 5 or fewer, not worth it. Only the transcript is cut: the model and the JSONL get everything.
 */
export const OUTPUT_CAP = { maxLines: 25, headLines: 10, tailLines: 10, maxLineChars: 500 } as const;

/** `output` with the middle lines replaced by a dimmed `… N lines omitted …` and each line cut at 500 characters. */
export function capOutput(output: string, s: Style): string {
  const endsInNewline = output.endsWith("\n");
  const lines = (endsInNewline ? output.slice(0, -1) : output).split("\n");
  const shown =
    lines.length <= OUTPUT_CAP.maxLines
      ? lines.map(capLine)
      : [
          ...lines.slice(0, OUTPUT_CAP.headLines).map(capLine),
          s.dim(`… ${lines.length - OUTPUT_CAP.headLines - OUTPUT_CAP.tailLines} lines omitted …`),
          ...lines.slice(-OUTPUT_CAP.tailLines).map(capLine),
        ];
  return `${shown.join("\n")}${endsInNewline ? "\n" : ""}`;
}

/** A minified bundle or a base64 blob is one line: it would flood the log as much as many lines. */
function capLine(line: string): string {
  if (line.length <= OUTPUT_CAP.maxLineChars) return line;
  // Never split a surrogate pair.
  const cut = /[\udc00-\udfff]/.test(line.charAt(OUTPUT_CAP.maxLineChars)) ? OUTPUT_CAP.maxLineChars - 1 : OUTPUT_CAP.maxLineChars;
  return `${line.slice(0, cut)}… (${line.length - cut} chars omitted)`;
}
