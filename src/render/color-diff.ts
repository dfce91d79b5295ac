// A unified diff in colour, as git shows it: file headers bold, hunk headers cyan, additions green, removals red.

import type { Style } from "./style.js";

/**
 * Styles each line of a git-style diff by where it stands: lines from `diff --git` to the first `@@` are
 * file headers (so a removed `-- x` line, shown as `--- x`, is never taken for one). Plain style: unchanged.
 */
export function colorDiff(diff: string, s: Style): string {
  let inHunk = false;
  return diff
    .split("\n")
    .map((line) => {
      if (line === "") return line;
      if (line.startsWith("diff --git ")) {
        inHunk = false;
        return s.bold(line);
      }
      if (line.startsWith("@@")) {
        inHunk = true;
        return s.cyan(line);
      }
      if (!inHunk) return s.bold(line);
      if (line.startsWith("+")) return s.green(line);
      if (line.startsWith("-")) return s.red(line);
      return line;
    })
    .join("\n");
}
