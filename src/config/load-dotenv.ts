// `$CODEX_HOME/.env`, read as codex reads it: credentials for codex-exec itself, never over what is already set.

import { readFile } from "node:fs/promises";
import path from "node:path";
import util from "node:util";
import { castToError } from "../errors.js";

/** codex keeps `.env` from setting its own variables (`CODEX_HOME`, `CODEX_API_KEY`, …). */
const RESERVED_PREFIX = "CODEX_";

export interface Dotenv {
  /** The caller's environment plus the `.env` variables it did not already set. */
  env: Record<string, string | undefined>;
  /** Names that came from `.env`: they stay out of commands' environments (README "Config"). */
  added: string[];
  /** Why the file was not used, when it exists but could not be read or parsed. */
  warning: string | null;
}

type ParseEnv = (content: string) => Record<string, string>;

/** Read `<codexHome>/.env`; a missing file changes nothing. */
export async function loadDotenv(codexHome: string, env: Readonly<Record<string, string | undefined>>): Promise<Dotenv> {
  const file = path.join(codexHome, ".env");
  const unchanged = (warning: string | null): Dotenv => ({ env: { ...env }, added: [], warning });
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return unchanged(code === "ENOENT" || code === "ENOTDIR" ? null : `${file} not read: ${castToError(err).message}`);
  }
  // Node's own parser (20.12+); older Node reads none rather than half the syntax.
  const parseEnv = (util as unknown as { parseEnv?: ParseEnv }).parseEnv;
  if (parseEnv === undefined) return unchanged(`${file} not read: needs Node 20.12 or newer`);
  const merged: Record<string, string | undefined> = { ...env };
  const added: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (name.toUpperCase().startsWith(RESERVED_PREFIX) || merged[name] !== undefined) continue;
    merged[name] = value;
    added.push(name);
  }
  return { env: merged, added, warning: null };
}
