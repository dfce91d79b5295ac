// Parser: hunk shapes, lenient boundaries and codex's exact error texts.

import { describe, expect, it } from "vitest";
import { formatParseError, formatParseErrorForStderr, parsePatch } from "../../../../src/tools/apply-patch/parse-patch.js";
import type { PatchHunk, PatchParseError } from "../../../../src/tools/apply-patch/patch-types.js";

const wrap = (body: string): string => `*** Begin Patch\n${body}\n*** End Patch`;
const HEADERS = "Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'";

describe("parsePatch: accepted patches", () => {
  it.each<{ name: string; text: string; hunks: PatchHunk[] }>([
    { name: "no hunks", text: "*** Begin Patch\n*** End Patch", hunks: [] },
    {
      name: "add, delete, update with move and context header",
      text: wrap(
        "*** Add File: path/add.py\n+abc\n+def\n*** Delete File: path/delete.py\n*** Update File: path/update.py\n*** Move to: path/update2.py\n@@ def f():\n-    pass\n+    return 123",
      ),
      hunks: [
        { kind: "add", path: "path/add.py", contents: "abc\ndef\n" },
        { kind: "delete", path: "path/delete.py" },
        {
          kind: "update",
          path: "path/update.py",
          move_path: "path/update2.py",
          chunks: [{ change_context: "def f():", old_lines: ["    pass"], new_lines: ["    return 123"], is_end_of_file: false }],
        },
      ],
    },
    {
      name: "pure-addition update followed by another hunk",
      text: wrap("*** Update File: file.py\n@@\n+line\n*** Add File: other.py\n+content"),
      hunks: [
        { kind: "update", path: "file.py", move_path: null, chunks: [{ change_context: null, old_lines: [], new_lines: ["line"], is_end_of_file: false }] },
        { kind: "add", path: "other.py", contents: "content\n" },
      ],
    },
    {
      name: "first chunk without @@",
      text: wrap("*** Update File: file2.py\n import foo\n+bar"),
      hunks: [
        {
          kind: "update",
          path: "file2.py",
          move_path: null,
          chunks: [{ change_context: null, old_lines: ["import foo"], new_lines: ["import foo", "bar"], is_end_of_file: false }],
        },
      ],
    },
    {
      name: "add file with no lines is an empty file",
      text: wrap("*** Add File: empty.txt"),
      hunks: [{ kind: "add", path: "empty.txt", contents: "" }],
    },
    {
      name: "empty body line is an empty context line; End of File marks the chunk",
      text: wrap("*** Update File: a.txt\n@@\n one\n\n-two\n+2\n*** End of File"),
      hunks: [
        {
          kind: "update",
          path: "a.txt",
          move_path: null,
          chunks: [{ change_context: null, old_lines: ["one", "", "two"], new_lines: ["one", "", "2"], is_end_of_file: true }],
        },
      ],
    },
    {
      name: "blank lines after End of File are skipped; several chunks with context",
      text: wrap("*** Update File: a.py\n@@ class A\n-x\n+y\n*** End of File\n   \n\n@@ def g\n-p\n+q"),
      hunks: [
        {
          kind: "update",
          path: "a.py",
          move_path: null,
          chunks: [
            { change_context: "class A", old_lines: ["x"], new_lines: ["y"], is_end_of_file: true },
            { change_context: "def g", old_lines: ["p"], new_lines: ["q"], is_end_of_file: false },
          ],
        },
      ],
    },
    {
      name: "whitespace-only and empty lines inside a chunk are context lines",
      text: wrap("*** Update File: a\n@@\n-x\n   \n\n+y"),
      hunks: [
        { kind: "update", path: "a", move_path: null, chunks: [{ change_context: null, old_lines: ["x", "  ", ""], new_lines: ["  ", "", "y"], is_end_of_file: false }] },
      ],
    },
    {
      name: "padded markers and hunk headers",
      text: " *** Begin Patch \n  *** Update File: foo.txt\n@@\n-old\n+new\n *** End Patch ",
      hunks: [{ kind: "update", path: "foo.txt", move_path: null, chunks: [{ change_context: null, old_lines: ["old"], new_lines: ["new"], is_end_of_file: false }] }],
    },
    {
      name: "CRLF line endings",
      text: "*** Begin Patch\r\n*** Add File: a.txt\r\n+hi\r\n*** End Patch\r\n",
      hunks: [{ kind: "add", path: "a.txt", contents: "hi\n" }],
    },
    {
      name: "absolute paths are kept as written",
      text: wrap("*** Delete File: /abs/x.txt"),
      hunks: [{ kind: "delete", path: "/abs/x.txt" }],
    },
  ])("$name", ({ text, hunks }) => {
    const result = parsePatch(text);
    expect(result).toMatchObject({ ok: true, patch: { hunks } });
  });

  it.each(["<<EOF", "<<'EOF'", '<<"EOF"'])("strips a literal %s heredoc wrapper", (opener) => {
    const result = parsePatch(`${opener}\n*** Begin Patch\n*** Add File: foo\n+hi\n*** End Patch\nEOF\n`);
    expect(result).toEqual({
      ok: true,
      patch: { hunks: [{ kind: "add", path: "foo", contents: "hi\n" }], patch: "*** Begin Patch\n*** Add File: foo\n+hi\n*** End Patch" },
    });
  });

  it("keeps the patch text between the markers", () => {
    const result = parsePatch("\n\n*** Begin Patch\n*** Delete File: a\n*** End Patch\n\n");
    expect(result.ok && result.patch.patch).toBe("*** Begin Patch\n*** Delete File: a\n*** End Patch");
  });
});

describe("parsePatch: errors", () => {
  it.each<{ name: string; text: string; error: PatchParseError }>([
    { name: "not a patch", text: "bad", error: { kind: "invalid_patch", message: "The first line of the patch must be '*** Begin Patch'" } },
    { name: "empty text", text: "  \n ", error: { kind: "invalid_patch", message: "The last line of the patch must be '*** End Patch'" } },
    { name: "missing end", text: "*** Begin Patch\nbad", error: { kind: "invalid_patch", message: "The last line of the patch must be '*** End Patch'" } },
    { name: "begin only", text: "*** Begin Patch", error: { kind: "invalid_patch", message: "The last line of the patch must be '*** End Patch'" } },
    {
      name: "heredoc wrapper needs at least four lines",
      text: "<<'EOF'\n*** Begin Patch\nEOF",
      error: { kind: "invalid_patch", message: "The first line of the patch must be '*** Begin Patch'" },
    },
    {
      name: "heredoc wrapper around a patch without an end marker",
      text: "<<'EOF'\n*** Begin Patch\n*** Add File: a\nEOF",
      error: { kind: "invalid_patch", message: "The last line of the patch must be '*** End Patch'" },
    },
    {
      name: "unknown hunk header",
      text: wrap("*** Frobnicate File: foo"),
      error: { kind: "invalid_hunk", message: `'*** Frobnicate File: foo' is not a valid hunk header. ${HEADERS}`, line_number: 2 },
    },
    {
      name: "hunk header text is shown trimmed",
      text: wrap("*** Add File: a\n+x\n   garbage  "),
      error: { kind: "invalid_hunk", message: `'garbage' is not a valid hunk header. ${HEADERS}`, line_number: 4 },
    },
    {
      name: "empty update hunk",
      text: wrap("*** Update File: test.py"),
      error: { kind: "invalid_hunk", message: "Update file hunk for path 'test.py' is empty", line_number: 2 },
    },
    {
      name: "second chunk without @@",
      text: wrap("*** Update File: a\n@@\n-x\n+y\nbad line"),
      error: { kind: "invalid_hunk", message: "Expected update hunk to start with a @@ context marker, got: 'bad line'", line_number: 6 },
    },
    {
      name: "lone @@ at the end",
      text: wrap("*** Update File: a\n@@"),
      error: { kind: "invalid_hunk", message: "Update hunk does not contain any lines", line_number: 4 },
    },
    {
      name: "End of File as first chunk line",
      text: wrap("*** Update File: a\n@@\n*** End of File"),
      error: { kind: "invalid_hunk", message: "Update hunk does not contain any lines", line_number: 4 },
    },
    {
      name: "unexpected first line in a chunk",
      text: wrap("*** Update File: a\n@@ ctx\n?oops"),
      error: {
        kind: "invalid_hunk",
        message:
          "Unexpected line found in update hunk: '?oops'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
        line_number: 4,
      },
    },
  ])("$name", ({ text, error }) => {
    expect(parsePatch(text)).toEqual({ ok: false, error });
  });

  it("formats errors as the tool and the standalone applier do", () => {
    const patchErr: PatchParseError = { kind: "invalid_patch", message: "m" };
    const hunkErr: PatchParseError = { kind: "invalid_hunk", message: "Update file hunk for path 'foo.txt' is empty", line_number: 2 };
    expect(formatParseError(patchErr)).toBe("invalid patch: m");
    expect(formatParseError(hunkErr)).toBe("invalid hunk at line 2, Update file hunk for path 'foo.txt' is empty");
    expect(formatParseErrorForStderr(patchErr)).toBe("Invalid patch: m");
    expect(formatParseErrorForStderr(hunkErr)).toBe("Invalid patch hunk on line 2: Update file hunk for path 'foo.txt' is empty");
  });
});
