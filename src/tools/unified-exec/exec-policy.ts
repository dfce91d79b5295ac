// The exec safety policy (spec core §4.5): forced deletions are refused unless the sandbox is off.

import type { SandboxMode } from "../../protocol/index.js";
import { splitSimpleCommands } from "./shell-words.js";

const SHELLS = new Set(["bash", "zsh", "sh", "dash", "ksh"]);
const FORCE_FLAGS = new Set(["-f", "-rf", "-fr", "-Rf", "-fR"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
// Nested `bash -c "bash -c '…'"` is followed this deep; deeper nesting is judged on its outer words only.
const MAX_NESTING = 4;

/** Whether `argv` must be refused without running under `sandboxMode`. */
export function isBlockedByPolicy(argv: readonly string[], sandboxMode: SandboxMode): boolean {
  return sandboxMode !== "danger-full-access" && isDangerousCommand(argv);
}

/** `rm` with a force flag, directly, after `sudo`, or as any simple command of a `sh -c` script. */
export function isDangerousCommand(argv: readonly string[], depth = 0): boolean {
  const script = shellScript(argv);
  if (script !== null && depth < MAX_NESTING) {
    return splitSimpleCommands(script).some((words) => isDangerousCommand(words, depth + 1));
  }
  return isForcedRm(argv);
}

/** The script of `[bash|zsh|sh, -c|-lc, script]`, else null. */
export function shellScript(argv: readonly string[]): string | null {
  const [shell, flag, script] = argv;
  if (argv.length !== 3 || shell === undefined || script === undefined) return null;
  if (!SHELLS.has(basename(shell)) || (flag !== "-c" && flag !== "-lc")) return null;
  return script;
}

function isForcedRm(argv: readonly string[]): boolean {
  let words = argv.slice();
  while (words.length > 0 && ASSIGNMENT.test(words[0] as string)) words = words.slice(1);
  if (words[0] === "sudo") words = words.slice(1);
  if (words.length === 0 || basename(words[0] as string) !== "rm") return false;
  const args = words.slice(1);
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => FORCE_FLAGS.has(a));
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}
