// Applies an update hunk's chunks to a file's text in memory (pure; no I/O).

import type { UpdateChunk } from "./patch-types.js";
import { seekSequence } from "./seek-sequence.js";

export type DeriveResult = { ok: true; content: string } | { ok: false; error: string };

interface Replacement {
  index: number;
  removeCount: number;
  insert: readonly string[];
}

/**
 * New text of a file after the chunks. `displayPath` names the file in error messages
 * (`Failed to find context …` / `Failed to find expected lines in …`). The result always ends with
 * a newline, whatever the original ended with.
 */
export function deriveNewContent(original: string, chunks: readonly UpdateChunk[], displayPath: string): DeriveResult {
  let lines = original.split("\n");
  if (lines.at(-1) === "") lines.pop();

  const replacements: Replacement[] = [];
  let cursor = 0;
  for (const chunk of chunks) {
    if (chunk.change_context !== null) {
      const at = seekSequence(lines, [chunk.change_context], cursor, false);
      if (at === null) return { ok: false, error: `Failed to find context '${chunk.change_context}' in ${displayPath}` };
      cursor = at + 1;
    }

    if (chunk.old_lines.length === 0) {
      // A pure addition goes at the end of the file (before a final blank line, if the file has one).
      const index = lines.at(-1) === "" ? lines.length - 1 : lines.length;
      replacements.push({ index, removeCount: 0, insert: chunk.new_lines });
      continue;
    }

    let pattern: readonly string[] = chunk.old_lines;
    let insert: readonly string[] = chunk.new_lines;
    let at = seekSequence(lines, pattern, cursor, chunk.is_end_of_file);
    if (at === null && pattern.at(-1) === "") {
      // A trailing "" stands for the file's final newline, which the split above removed.
      pattern = pattern.slice(0, -1);
      if (insert.at(-1) === "") insert = insert.slice(0, -1);
      at = seekSequence(lines, pattern, cursor, chunk.is_end_of_file);
    }
    if (at === null) {
      return { ok: false, error: `Failed to find expected lines in ${displayPath}:\n${chunk.old_lines.join("\n")}` };
    }
    replacements.push({ index: at, removeCount: pattern.length, insert });
    cursor = at + pattern.length;
  }

  // Stable sort by position, then replace from the bottom up so earlier indices stay valid.
  // (Array literals rather than splice(...spread): a huge insertion must not overflow the call stack.)
  replacements.sort((a, b) => a.index - b.index);
  for (const r of replacements.reverse()) {
    lines = [...lines.slice(0, r.index), ...r.insert, ...lines.slice(r.index + r.removeCount)];
  }
  // As codex: add a final newline unless the last line is already blank (which then serves as it,
  // so a file ending in one blank line loses that line when edited).
  if (lines.at(-1) !== "") lines.push("");
  return { ok: true, content: lines.join("\n") };
}
