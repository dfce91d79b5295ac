// Finds the working directory (-C) and CODEX_HOME, failing with a message that names the fix.

import { statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, StartupError } from "../errors.js";
import { fsErrorReason } from "./user-paths.js";

/** The absolute working directory; `-C` must name an existing directory. */
export function resolveCwd(cd: string | undefined, processCwd: string): string {
  if (cd === undefined) return processCwd;
  const dir = path.resolve(processCwd, cd);
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(dir, { throwIfNoEntry: false });
  } catch (err) {
    throw new StartupError("cwd_invalid", `Error: --cd ${cd}: ${fsErrorReason(err)}`);
  }
  if (!st) throw new StartupError("cwd_invalid", `Error: --cd ${cd}: no such directory`);
  if (!st.isDirectory()) throw new StartupError("cwd_invalid", `Error: --cd ${cd}: not a directory`);
  return dir;
}

/**
 * Each `--add-dir` must name an existing directory (relative to the run's working directory): a
 * missing one would otherwise be dropped from the writable roots without a word.
 */
export function checkAddDirs(dirs: readonly string[], cwd: string): void {
  for (const dir of dirs) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(path.resolve(cwd, dir), { throwIfNoEntry: false });
    } catch (err) {
      throw new StartupError("add_dir_invalid", `Error: --add-dir ${dir}: ${fsErrorReason(err)}`);
    }
    if (!st) throw new StartupError("add_dir_invalid", `Error: --add-dir ${dir}: no such directory; create it first, or leave out the flag`);
    if (!st.isDirectory()) throw new StartupError("add_dir_invalid", `Error: --add-dir ${dir}: not a directory`);
  }
}

/** `$CODEX_HOME` (which must be an existing directory when set) or `~/.codex`. */
export function findCodexHome(env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env["CODEX_HOME"];
  if (fromEnv === undefined || fromEnv === "") return path.join(os.homedir(), ".codex");
  const dir = path.resolve(fromEnv);
  let why: string | null = null;
  try {
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) why = "which is not an existing directory";
  } catch (err) {
    why = `which cannot be read (${fsErrorReason(err)})`;
  }
  if (why !== null) {
    throw new ConfigError(
      "config_unreadable",
      `Error finding codex home: CODEX_HOME is set to "${fromEnv}", ${why}; create it or unset CODEX_HOME`,
    );
  }
  return dir;
}
