// Usage errors in clap's shape (as `codex exec` prints them): `error: …`, `Usage: …`, the `--help` hint; exit 2.

import type { CommanderError } from "commander";
import { UsageError } from "../errors.js";

/** The usage line of the root command, as codex's `codex exec [OPTIONS] [PROMPT]`. */
export const ROOT_USAGE = "codex-exec [OPTIONS] [PROMPT]";

/** `err` with clap's tail: a blank line, `Usage: <usage>`, a blank line, the `--help` hint. */
export function withUsage(err: UsageError, usage: string): UsageError {
  return new UsageError(err.code, `${err.message}\n\nUsage: ${usage}\n\nFor more information, try '--help'.`);
}

/** A usage error whose first line is `message` (without the tail, which `withUsage` adds). */
export function usageError(message: string, code: UsageError["code"] = "usage_invalid_flag"): UsageError {
  return new UsageError(code, `error: ${message}`);
}

/** `error: unexpected argument '<arg>' found`: a flag we do not have, or an operand too many. */
export function unexpectedArgument(arg: string, tip?: string): UsageError {
  return usageError(`unexpected argument '${arg}' found${tip === undefined ? "" : `\n\n  tip: ${tip}`}`);
}

/**
 * commander's error reworded as clap words it; the flag and value names stay ours (`--model <model>`).
 * commander's message is kept when it has a shape not known here (a newer commander).
 */
export function fromCommander(err: CommanderError): UsageError {
  const m = err.message;
  const match = (re: RegExp): RegExpExecArray | null => re.exec(m);
  switch (err.code) {
    case "commander.unknownOption": {
      const r = match(/^error: unknown option '([^']+)'(?:\n\(Did you mean (?:one of )?([^,?]+)(?:, [^?]*)?\?\))?$/);
      if (r?.[1]) return unexpectedArgument(r[1], r[2] ? `a similar argument exists: '${r[2]}'` : undefined);
      break;
    }
    case "commander.invalidArgument": {
      const r = match(/^error: option '([^']+)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/s);
      if (r?.[1]) return usageError(`invalid value '${r[2]}' for '${longFlag(r[1])}'\n  [possible values: ${r[3]}]`, "usage_invalid_value");
      break;
    }
    case "commander.optionMissingArgument": {
      const r = match(/^error: option '([^']+)' argument missing$/);
      if (r?.[1]) return usageError(`a value is required for '${longFlag(r[1])}' but none was supplied`, "usage_invalid_value");
      break;
    }
    case "commander.missingArgument": {
      const r = match(/^error: missing required argument '([^']+)'$/);
      if (r?.[1]) return usageError(`the following required arguments were not provided:\n  <${r[1].toUpperCase()}>`);
      break;
    }
    case "commander.conflictingOption": {
      const r = match(/^error: option '([^']+)' cannot be used with option '([^']+)'$/);
      if (r?.[1] && r[2]) return usageError(`the argument '${longFlag(r[1])}' cannot be used with '${longFlag(r[2])}'`);
      break;
    }
    default:
      break;
  }
  return new UsageError("usage_invalid_flag", m.startsWith("error:") ? m : `error: ${m}`);
}

/** `-s, --sandbox <mode>` → `--sandbox <mode>`, as clap names an argument. */
function longFlag(flags: string): string {
  return flags.replace(/^-[^-\s,]+,\s*/, "");
}
