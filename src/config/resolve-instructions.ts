// What the model is told first: our base instructions, or `model_instructions_file` / `instructions`, plus `--instructions`.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { castToError, StartupError } from "../errors.js";
import type { ExecConfig } from "./resolve-config.js";

/**
 * The instructions of a run: `model_instructions_file` (read relative to `cwd`), else the `instructions`
 * key, else `builtIn`; then the `--instructions` text, or the file after its `@`. An unreadable file
 * stops the run before anything is sent.
 */
export async function resolveInstructions(
  config: Pick<ExecConfig, "instructionsFile" | "instructionsText">,
  builtIn: string,
  extra: string | undefined,
  cwd: string,
): Promise<string> {
  const read = async (file: string, what: string): Promise<string> => {
    try {
      return (await readFile(path.resolve(cwd, file), "utf8")).trim();
    } catch (err) {
      throw new StartupError("instructions_unreadable", `Error: cannot read ${what} ${file}: ${castToError(err).message}`);
    }
  };
  const base = config.instructionsFile ? await read(config.instructionsFile, "model_instructions_file") : (config.instructionsText ?? builtIn);
  if (extra === undefined) return base;
  const added = extra.startsWith("@") ? await read(extra.slice(1), "--instructions file") : extra.trim();
  return added === "" ? base : `${base}\n\n${added}`;
}
