// Git-style unified diff of one file (headers, /dev/null sides, 3-line-context hunks) on top of jsdiff.

import { createHash } from "node:crypto";
import { structuredPatch, type StructuredPatchHunk } from "diff";

const CONTEXT_LINES = 3;
const FILE_MODE = "100644";

/** One file's before and after; content null means the file does not exist on that side. */
export interface FileDiffInput {
  /** Display path before (relative to the repo or cwd, or absolute), without `a/`. */
  oldPath: string;
  /** Display path after; differs from `oldPath` for a rename. */
  newPath: string;
  oldContent: string | null;
  newContent: string | null;
}

/** `diff --git …` text for one file, ending in a newline; "" when nothing changed. */
export function gitFileDiff(input: FileDiffInput): string {
  const { oldPath, newPath, oldContent, newContent } = input;
  if (oldContent === null && newContent === null) return "";
  const renamed = oldContent !== null && newContent !== null && oldPath !== newPath;
  if (!renamed && oldContent === newContent) return "";

  const header = [`diff --git a/${oldContent === null ? newPath : oldPath} b/${newContent === null ? oldPath : newPath}`];
  if (oldContent === null) header.push(`new file mode ${FILE_MODE}`);
  if (newContent === null) header.push(`deleted file mode ${FILE_MODE}`);
  if (renamed) header.push(`rename from ${oldPath}`, `rename to ${newPath}`);
  if (oldContent !== newContent) {
    const mode = oldContent !== null && newContent !== null ? ` ${FILE_MODE}` : "";
    header.push(`index ${blobId(oldContent)}..${blobId(newContent)}${mode}`);
  }

  const { hunks } = structuredPatch(oldPath, newPath, oldContent ?? "", newContent ?? "", undefined, undefined, {
    context: CONTEXT_LINES,
  });
  if (hunks.length > 0) {
    header.push(oldContent === null ? "--- /dev/null" : `--- a/${oldPath}`);
    header.push(newContent === null ? "+++ /dev/null" : `+++ b/${newPath}`);
  }
  const body = hunks.flatMap((h) => [hunkHeader(h), ...h.lines]);
  return `${[...header, ...body].join("\n")}\n`;
}

/** `@@ -l,s +l,s @@` as git writes it: a count of 1 is omitted, an empty side starts one line earlier. */
function hunkHeader(h: StructuredPatchHunk): string {
  return `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`;
}

function range(start: number, count: number): string {
  if (count === 1) return `${start}`;
  return `${count === 0 ? start - 1 : start},${count}`;
}

/** Git's blob id (SHA-1 of `blob <size>\0<content>`), all zeros for a missing side. */
function blobId(content: string | null): string {
  if (content === null) return "0".repeat(40);
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
