// The file logger opens pino and its file only for an entry at or above the level.

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFileLogger, logLevelWarning } from "../../src/log.js";
import { silentLogger } from "../../src/protocol/index.js";

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});
function home(): { codexHome: string; logFile: string } {
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "codex-exec-log-"));
  homes.push(codexHome);
  return { codexHome, logFile: path.join(codexHome, "log", "codex-exec.log") };
}

describe("createFileLogger", () => {
  it("at the default level (warn), entries below it create no file", () => {
    const { codexHome, logFile } = home();
    const logger = createFileLogger(codexHome, undefined);
    logger.debug({ a: 1 }, "quiet");
    logger.info("quiet too");
    expect(existsSync(logFile)).toBe(false);
  });

  it("the first entry at or above the level opens the file; later ones append", () => {
    const { codexHome, logFile } = home();
    const logger = createFileLogger(codexHome, "WARN");
    logger.info("dropped");
    logger.warn({ attempt: 2 }, "retrying");
    logger.error("gave up");
    const lines = readFileSync(logFile, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, attempt: 2, msg: "retrying" }),
      expect.objectContaining({ level: 50, msg: "gave up" }),
    ]);
  });

  it("debug writes debug entries; an unknown level means warn; silent is the silent logger", () => {
    const a = home();
    createFileLogger(a.codexHome, "debug").debug({ files: [] }, "project docs");
    expect(readFileSync(a.logFile, "utf8")).toContain('"msg":"project docs"');
    const b = home();
    const unknown = createFileLogger(b.codexHome, "loud");
    unknown.info("dropped");
    expect(existsSync(b.logFile)).toBe(false);
    unknown.warn("kept");
    expect(readFileSync(b.logFile, "utf8")).toContain('"msg":"kept"');
    expect(createFileLogger(home().codexHome, "silent")).toBe(silentLogger);
  });

  it("a level is read case-insensitively; an unknown one gets a warning naming the accepted levels", () => {
    for (const level of [undefined, "", " ", "debug", "WARN", " info ", "silent"]) expect(logLevelWarning(level)).toBeNull();
    expect(logLevelWarning("loud")).toBe(
      "CODEX_EXEC_LOG=loud is not a log level (use one of trace, debug, info, warn, error, fatal, silent); logging at warn",
    );
  });

  it("an unwritable CODEX_HOME does not throw", () => {
    const { codexHome } = home();
    const logger = createFileLogger(path.join(codexHome, "missing", "\0bad"), "debug");
    expect(() => logger.error("nowhere to go")).not.toThrow();
  });
});
