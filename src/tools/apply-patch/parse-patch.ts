// Lenient apply_patch parser: patch text → typed hunks, or codex's exact parse error.

import type { ParsedPatch, PatchHunk, PatchParseError, UpdateChunk } from "./patch-types.js";

const BEGIN_PATCH = "*** Begin Patch";
const END_PATCH = "*** End Patch";
const ADD_FILE = "*** Add File: ";
const DELETE_FILE = "*** Delete File: ";
const UPDATE_FILE = "*** Update File: ";
const MOVE_TO = "*** Move to: ";
const END_OF_FILE = "*** End of File";
const CONTEXT_PREFIX = "@@ ";
const BARE_CONTEXT = "@@";
const HEREDOC_OPENERS = new Set(["<<EOF", "<<'EOF'", '<<"EOF"']);

export type ParsePatchResult = { ok: true; patch: ParsedPatch } | { ok: false; error: PatchParseError };

type Step<T> = ({ ok: true } & T) | { ok: false; error: PatchParseError };

/** Parse patch text (lenient: padded markers, a `<<'EOF'` heredoc wrapper around the patch). */
export function parsePatch(text: string): ParsePatchResult {
  const lines = splitLines(text.trim());
  let bounded = checkBoundaries(lines);
  if (!bounded.ok && isHeredocWrapped(lines)) bounded = checkBoundaries(lines.slice(1, -1));
  if (!bounded.ok) return bounded;
  const patchLines = bounded.lines;
  const hunks: PatchHunk[] = [];
  let rest = patchLines.slice(1, -1);
  let lineNumber = 2;
  while (rest.length > 0) {
    const parsed = parseHunk(rest, lineNumber);
    if (!parsed.ok) return parsed;
    hunks.push(parsed.hunk);
    lineNumber += parsed.consumed;
    rest = rest.slice(parsed.consumed);
  }
  return { ok: true, patch: { hunks, patch: patchLines.join("\n") } };
}

/** How codex shows a parse error inside tool output (`invalid patch: …` / `invalid hunk at line N, …`). */
export function formatParseError(error: PatchParseError): string {
  return error.kind === "invalid_patch"
    ? `invalid patch: ${error.message}`
    : `invalid hunk at line ${error.line_number}, ${error.message}`;
}

/** How the standalone applier prints a parse error on stderr. */
export function formatParseErrorForStderr(error: PatchParseError): string {
  return error.kind === "invalid_patch"
    ? `Invalid patch: ${error.message}`
    : `Invalid patch hunk on line ${error.line_number}: ${error.message}`;
}

/** Split like Rust's `str::lines`: on `\n`, dropping one `\r` before it; no empty line for "". */
function splitLines(text: string): string[] {
  if (text === "") return [];
  return text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

type Boundaries = { ok: true; lines: string[] } | { ok: false; error: PatchParseError };

function checkBoundaries(lines: string[]): Boundaries {
  const first = lines[0]?.trim();
  const last = lines.at(-1)?.trim();
  if (first === BEGIN_PATCH && last === END_PATCH) return { ok: true, lines };
  // An empty text has no first line: codex then reports the *last* line as wrong.
  const message =
    first !== undefined && first !== BEGIN_PATCH
      ? "The first line of the patch must be '*** Begin Patch'"
      : "The last line of the patch must be '*** End Patch'";
  return { ok: false, error: { kind: "invalid_patch", message } };
}

/** Models sometimes pass `<<'EOF'\n…\nEOF` literally as the patch argument (no shell in between). */
function isHeredocWrapped(lines: string[]): boolean {
  const first = lines[0];
  const last = lines.at(-1);
  return lines.length >= 4 && first !== undefined && HEREDOC_OPENERS.has(first) && last !== undefined && last.endsWith("EOF");
}

function invalidHunk(message: string, lineNumber: number): { ok: false; error: PatchParseError } {
  return { ok: false, error: { kind: "invalid_hunk", message, line_number: lineNumber } };
}

function parseHunk(lines: string[], lineNumber: number): Step<{ hunk: PatchHunk; consumed: number }> {
  const header = (lines[0] ?? "").trim();
  if (header.startsWith(ADD_FILE)) {
    let contents = "";
    let consumed = 1;
    for (const line of lines.slice(1)) {
      if (!line.startsWith("+")) break;
      contents += `${line.slice(1)}\n`;
      consumed++;
    }
    return { ok: true, hunk: { kind: "add", path: header.slice(ADD_FILE.length), contents }, consumed };
  }
  if (header.startsWith(DELETE_FILE)) {
    return { ok: true, hunk: { kind: "delete", path: header.slice(DELETE_FILE.length) }, consumed: 1 };
  }
  if (header.startsWith(UPDATE_FILE)) return parseUpdateHunk(lines, lineNumber, header.slice(UPDATE_FILE.length));
  return invalidHunk(
    `'${header}' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'`,
    lineNumber,
  );
}

function parseUpdateHunk(lines: string[], lineNumber: number, path: string): Step<{ hunk: PatchHunk; consumed: number }> {
  let consumed = 1;
  let movePath: string | null = null;
  // The move line is matched on the raw line (not trimmed), as codex does.
  const maybeMove = lines[1];
  if (maybeMove?.startsWith(MOVE_TO)) {
    movePath = maybeMove.slice(MOVE_TO.length);
    consumed++;
  }
  const chunks: UpdateChunk[] = [];
  while (consumed < lines.length) {
    const line = lines[consumed] ?? "";
    if (line.trim() === "") {
      consumed++;
      continue;
    }
    if (line.startsWith("*")) break;
    const parsed = parseChunk(lines.slice(consumed), lineNumber + consumed, chunks.length === 0);
    if (!parsed.ok) return parsed;
    chunks.push(parsed.chunk);
    consumed += parsed.consumed;
  }
  if (chunks.length === 0) return invalidHunk(`Update file hunk for path '${path}' is empty`, lineNumber);
  return { ok: true, hunk: { kind: "update", path, move_path: movePath, chunks }, consumed };
}

function parseChunk(lines: string[], lineNumber: number, allowMissingContext: boolean): Step<{ chunk: UpdateChunk; consumed: number }> {
  const first = lines[0] ?? "";
  let context: string | null = null;
  let start = 1;
  if (first === BARE_CONTEXT) {
    context = null;
  } else if (first.startsWith(CONTEXT_PREFIX)) {
    context = first.slice(CONTEXT_PREFIX.length);
  } else if (allowMissingContext) {
    start = 0;
  } else {
    return invalidHunk(`Expected update hunk to start with a @@ context marker, got: '${first}'`, lineNumber);
  }
  // Codex reports errors inside a chunk at the line after its first line, whatever the offset.
  const noLines = invalidHunk("Update hunk does not contain any lines", lineNumber + 1);
  if (start >= lines.length) return noLines;

  const chunk: UpdateChunk = { change_context: context, old_lines: [], new_lines: [], is_end_of_file: false };
  let bodyLines = 0;
  for (const line of lines.slice(start)) {
    if (line === END_OF_FILE) {
      if (bodyLines === 0) return noLines;
      chunk.is_end_of_file = true;
      bodyLines++;
      break;
    }
    const marker = line[0];
    if (marker === undefined) {
      chunk.old_lines.push("");
      chunk.new_lines.push("");
    } else if (marker === " ") {
      chunk.old_lines.push(line.slice(1));
      chunk.new_lines.push(line.slice(1));
    } else if (marker === "+") {
      chunk.new_lines.push(line.slice(1));
    } else if (marker === "-") {
      chunk.old_lines.push(line.slice(1));
    } else {
      if (bodyLines === 0) {
        return invalidHunk(
          `Unexpected line found in update hunk: '${line}'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)`,
          lineNumber + 1,
        );
      }
      break;
    }
    bodyLines++;
  }
  return { ok: true, chunk, consumed: bodyLines + start };
}
