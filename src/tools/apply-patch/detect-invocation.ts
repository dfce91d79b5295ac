// Recognises a shell command that is really an apply_patch call (argv form or `apply_patch <<'EOF'` heredoc).

import path from "node:path";
import { parsePatch } from "./parse-patch.js";

const COMMAND_NAMES = new Set(["apply_patch", "applypatch"]);

/** What the model is told when it sends a bare patch as a command. */
export const IMPLICIT_INVOCATION_ERROR = 'patch detected without explicit call to apply_patch. Rerun as ["apply_patch", "<patch>"]';

/** An apply_patch call found in a shell command. */
export interface PatchInvocation {
  /** The patch text, not yet parsed. */
  patch: string;
  /** `<dir>` of `cd <dir> && apply_patch <<EOF`, as written; null without a `cd`. */
  workdir: string | null;
  /** Where the patch's relative paths resolve: `cwd`, joined with `workdir` when there is one. */
  cwd: string;
}

// The script must be exactly one statement: optional `cd <dir> &&`, the command, one heredoc, nothing else.
// <dir> is one word: 'single-quoted', "double-quoted without expansions", or bare without shell syntax.
const WORD = String.raw`'([^'\n]*)'|"([^"\\$\x60\n]*)"|([^\s'"\\$\x60;&|<>(){}\[\]*?~#!]+)`;
const DELIMITER = String.raw`'([^'\n]+)'|"([^"\n]+)"|([^\s'"\\$\x60;&|<>()]+)`;
const HEREDOC_START = new RegExp(
  String.raw`^\s*(?:cd[ \t]+(?:${WORD})[ \t]*&&\s*)?(apply_patch|applypatch)[ \t]*<<[ \t]*(?:${DELIMITER})[ \t]*\n`,
);

/**
 * The apply_patch call in `command` (an argv, or a script string run by a shell), or null when the
 * command is something else. Recognised: `["apply_patch"|"applypatch", patch]`, and
 * `[bash|zsh|sh, -lc|-c, script]` (also `pwsh|powershell [-NoProfile] -Command`, `cmd /c`) or a bare
 * script, where the script is `apply_patch <<'EOF' … EOF`, optionally preceded by `cd <dir> && `.
 */
export function detectApplyPatchInvocation(command: string | readonly string[], cwd: string): PatchInvocation | null {
  if (typeof command !== "string") {
    const [name, body, ...rest] = command;
    if (name !== undefined && body !== undefined && rest.length === 0 && COMMAND_NAMES.has(name)) {
      return { patch: body, workdir: null, cwd };
    }
  }
  const script = typeof command === "string" ? command : shellScript(command);
  if (script === null) return null;
  const found = extractHeredoc(script);
  if (found === null) return null;
  return { patch: found.body, workdir: found.workdir, cwd: found.workdir === null ? cwd : path.resolve(cwd, found.workdir) };
}

/** Whether `command` is a bare patch (no `apply_patch` in front), which deserves IMPLICIT_INVOCATION_ERROR. */
export function isImplicitPatchInvocation(command: string | readonly string[]): boolean {
  if (typeof command === "string") return parsePatch(command).ok;
  const [only, ...rest] = command;
  if (only !== undefined && rest.length === 0 && parsePatch(only).ok) return true;
  const script = shellScript(command);
  return script !== null && parsePatch(script).ok;
}

/** The script of `[shell, flag, script]` for the shells codex knows, else null. */
function shellScript(argv: readonly string[]): string | null {
  const shell = argv[0];
  if (shell === undefined) return null;
  const name = path.parse(shell).name.toLowerCase();
  const isPowerShell = name === "pwsh" || name === "powershell";
  const flags = argv.slice(1, -1);
  const script = argv.length >= 3 ? argv.at(-1) : undefined;
  if (script === undefined) return null;
  if (isPowerShell && flags.length === 2 && flags[0]?.toLowerCase() === "-noprofile") flags.shift();
  if (flags.length !== 1) return null;
  const flag = flags[0] ?? "";
  if ((name === "bash" || name === "zsh" || name === "sh") && (flag === "-lc" || flag === "-c")) return script;
  if (isPowerShell && flag.toLowerCase() === "-command") return script;
  if (name === "cmd" && flag.toLowerCase() === "/c") return script;
  return null;
}

/** Heredoc body (without its final newline) and `cd` directory of an apply_patch script, or null. */
function extractHeredoc(script: string): { body: string; workdir: string | null } | null {
  const m = HEREDOC_START.exec(script);
  if (m === null) return null;
  const workdir = m[1] ?? m[2] ?? m[3] ?? null;
  const delimiter = m[5] ?? m[6] ?? m[7] ?? "";
  const rest = script.slice(m[0].length).split("\n");
  const end = rest.indexOf(delimiter);
  if (end <= 0) return null;
  // Nothing may follow the terminator line (`EOF && echo done` is another statement).
  if (rest.slice(end + 1).join("\n").trim() !== "") return null;
  const body = rest.slice(0, end).join("\n").replace(/\n+$/, "");
  return body === "" ? null : { body, workdir };
}
