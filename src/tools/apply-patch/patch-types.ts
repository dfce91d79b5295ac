// The parsed form of an apply_patch patch: one hunk per file operation, update hunks split into chunks.

/** One `@@` section of an `*** Update File:` hunk. */
export interface UpdateChunk {
  /** Text after `@@ ` (a line such as a class or function header), used to narrow the search. */
  change_context: string | null;
  /** Lines that must be found in the file (context and `-` lines, in order). */
  old_lines: string[];
  /** Lines that replace them (context and `+` lines, in order). */
  new_lines: string[];
  /** Set by `*** End of File`: `old_lines` must match at the end of the file. */
  is_end_of_file: boolean;
}

/** One file operation. Paths are exactly as written in the patch (relative or absolute). */
export type PatchHunk =
  | { kind: "add"; path: string; contents: string }
  | { kind: "delete"; path: string }
  | { kind: "update"; path: string; move_path: string | null; chunks: UpdateChunk[] };

/** A whole patch, ready to verify against a file tree. */
export interface ParsedPatch {
  hunks: PatchHunk[];
  /** The patch text between (and including) the markers, heredoc wrapper removed. */
  patch: string;
}

/** Why a patch text is not a patch; `line_number` is 1-based in the trimmed text. */
export type PatchParseError =
  | { kind: "invalid_patch"; message: string }
  | { kind: "invalid_hunk"; message: string; line_number: number };
