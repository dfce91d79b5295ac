// pino logger factory: logs go to a file (or nowhere), never to stdout.

import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { silentLogger, type Logger } from "./protocol/index.js";

type Pino = typeof import("pino");

/** pino's numeric levels. */
const LEVELS: Readonly<Record<string, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/** What `CODEX_EXEC_LOG` may say (any case); anything else is warned about and means the default. */
export const LOG_LEVEL_NAMES = Object.keys(LEVELS);

/** The warning for a `CODEX_EXEC_LOG` that names no level, or null when it is unset, empty or a level. */
export function logLevelWarning(level: string | undefined): string | null {
  if (level === undefined || level.trim() === "" || level.trim().toLowerCase() in LEVELS) return null;
  return `CODEX_EXEC_LOG=${level} is not a log level (use one of ${LOG_LEVEL_NAMES.join(", ")}); logging at warn`;
}

/**
 * A logger writing JSON lines to `<codexHome>/log/codex-exec.log` at `level` (default warn).
 *
 * Calls below the level cost nothing. pino (kept out of the bundle, loaded from node_modules) and
 * the log file are opened by the first entry that is actually written: a plain run at the default
 * level logs nothing and pays for neither (README "Performance").
 */
export function createFileLogger(codexHome: string, level: string | undefined): Logger {
  const name = level?.trim().toLowerCase();
  const lvl = name !== undefined && name in LEVELS ? name : "warn";
  const threshold = LEVELS[lvl] ?? LEVELS["warn"];
  if (lvl === "silent") return silentLogger;
  let target: Logger | null = null;
  const open = (): Logger => (target ??= openPino(codexHome, lvl));
  const at = (value: number, method: keyof Logger): Logger[keyof Logger] =>
    value < (threshold as number) ? () => undefined : (...args) => open()[method](...args);
  return { debug: at(20, "debug"), info: at(30, "info"), warn: at(40, "warn"), error: at(50, "error") };
}

function openPino(codexHome: string, level: string): Logger {
  try {
    const pino = createRequire(import.meta.url)("pino") as Pino;
    const dir = path.join(codexHome, "log");
    mkdirSync(dir, { recursive: true });
    const dest = pino.destination({ dest: path.join(dir, "codex-exec.log"), sync: true, mkdir: true });
    return pino({ level }, dest);
  } catch {
    // An unwritable CODEX_HOME must not stop the run; logging is best effort.
    return silentLogger;
  }
}
