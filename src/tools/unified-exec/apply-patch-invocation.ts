// Recognises an apply_patch invocation written as a shell command (spec core §5.6), so it runs as a patch.
// TODO(unify): src/tools/apply-patch/ is getting its own detector; this minimal one should give way to it.

import { shellScript } from "./exec-policy.js";

/** A patch found in a command: its text and the directory it was meant to run in (`cd <dir> && …`). */
export interface ApplyPatchInvocation {
  patch: string;
  dir: string | null;
}

const COMMANDS = new Set(["apply_patch", "applypatch"]);
const WORD = String.raw`'[^']*'|"[^"]*"|[^\s'"&;|<>()]+`;
const HEREDOC = new RegExp(
  String.raw`^\s*(?:cd\s+(${WORD})\s*&&\s*)?(?:apply_patch|applypatch)\s*<<[ \t]*(['"]?)([A-Za-z0-9_.-]+)\2[ \t]*\n` +
    String.raw`(?:([\s\S]*?)\n)?\3[ \t]*(?:\n\s*)?$`,
);

/** The patch of `[apply_patch, <patch>]` or of a shell script that is exactly one heredoc call of it. */
export function detectApplyPatchInvocation(argv: readonly string[]): ApplyPatchInvocation | null {
  const [first, patch] = argv;
  if (argv.length === 2 && first !== undefined && patch !== undefined && COMMANDS.has(first.slice(first.lastIndexOf("/") + 1))) {
    return { patch, dir: null };
  }
  const script = shellScript(argv);
  if (script === null) return null;
  const m = HEREDOC.exec(script);
  if (!m) return null;
  return { patch: m[4] ?? "", dir: m[1] === undefined ? null : unquote(m[1]) };
}

function unquote(word: string): string {
  const q = word[0];
  return (q === "'" || q === '"') && word.endsWith(q) && word.length >= 2 ? word.slice(1, -1) : word;
}
