// pino logger factory: logs go to a file (or nowhere), never to stdout.

import { mkdirSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { silentLogger, type Logger } from "./protocol/index.js";

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

/** A logger writing JSON lines to `<codexHome>/log/codex-exec.log` at `level` (default warn). */
export function createFileLogger(codexHome: string, level: string | undefined): Logger {
  const lvl = level && LEVELS.has(level.toLowerCase()) ? level.toLowerCase() : "warn";
  if (lvl === "silent") return silentLogger;
  try {
    const dir = path.join(codexHome, "log");
    mkdirSync(dir, { recursive: true });
    const dest = pino.destination({ dest: path.join(dir, "codex-exec.log"), sync: true, mkdir: true });
    return pino({ level: lvl }, dest);
  } catch {
    // An unwritable CODEX_HOME must not stop the run; logging is best effort.
    return silentLogger;
  }
}
