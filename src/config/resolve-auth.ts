// Finds the API key for the selected provider: its env_key or bearer token, or codex's own auth (CODEX_API_KEY, auth.json).

import { readFile } from "node:fs/promises";
import path from "node:path";
import { StartupError } from "../errors.js";
import type { ModelProviderInfo } from "./model-provider.js";

/** Where the bearer token came from (named in auth errors; the token itself is never printed). */
export type AuthInfo = { kind: "bearer"; token: string; source: string } | { kind: "none" };

/**
 * Resolve auth; throws StartupError naming the variable to set when a required key is missing.
 *
 * A provider's own credentials come first (`env_key`, then `experimental_bearer_token`), as in codex:
 * an OpenAI key must never reach another provider. Codex's own auth (`CODEX_API_KEY`, then
 * auth.json) is used only by providers that take OpenAI auth: the built-in `openai` (where
 * `CODEX_API_KEY` also beats its `OPENAI_API_KEY`) and entries with `requires_openai_auth = true`.
 */
export async function resolveAuth(
  provider: ModelProviderInfo,
  env: Readonly<Record<string, string | undefined>>,
  codexHome: string,
): Promise<AuthInfo> {
  const fromEnv = (name: string): AuthInfo | null => {
    const v = env[name]?.trim();
    return v ? { kind: "bearer", token: v, source: name } : null;
  };
  const openAiAuth = provider.requiresKey;
  const codexKey = openAiAuth ? fromEnv("CODEX_API_KEY") : null;
  if (provider.id === "openai" && codexKey) return codexKey;
  if (provider.envKey) {
    const key = fromEnv(provider.envKey);
    if (key) return key;
  }
  if (provider.bearerToken) return { kind: "bearer", token: provider.bearerToken, source: "experimental_bearer_token" };
  if (codexKey) return codexKey;
  let unusable = "";
  if (openAiAuth) {
    const file = path.join(codexHome, "auth.json");
    const stored = await readStoredKey(file);
    if (stored.kind === "key") return { kind: "bearer", token: stored.key, source: file };
    if (stored.kind === "unusable") unusable = ` (${file} was not used: ${stored.why})`;
  }
  if (openAiAuth || provider.envKey) {
    const variable = provider.envKey ?? "CODEX_API_KEY";
    const alternative = openAiAuth && variable !== "CODEX_API_KEY" ? " (or CODEX_API_KEY)" : "";
    const extra = provider.envKeyInstructions ? ` ${provider.envKeyInstructions}` : "";
    throw new StartupError(
      "auth_missing_key",
      `Error: Missing environment variable: \`${variable}\`. Set it${alternative} to an API key for provider \`${provider.id}\`.${extra}${unusable}`,
    );
  }
  return { kind: "none" };
}

type StoredKey = { kind: "key"; key: string } | { kind: "absent" } | { kind: "unusable"; why: string };

/** The `OPENAI_API_KEY` of auth.json; a file that exists but holds none says why, for the missing-key error. */
async function readStoredKey(file: string): Promise<StoredKey> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return code === "ENOENT" ? { kind: "absent" } : { kind: "unusable", why: `cannot be read (${String(code ?? err)})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: "unusable", why: "it is not valid JSON" };
  }
  const key = typeof parsed === "object" && parsed !== null && "OPENAI_API_KEY" in parsed ? parsed.OPENAI_API_KEY : undefined;
  if (typeof key === "string" && key.trim() !== "") return { kind: "key", key: key.trim() };
  // codex's ChatGPT sign-in stores tokens there instead of a key; only API keys are used here.
  return { kind: "unusable", why: "it holds no OPENAI_API_KEY (a ChatGPT sign-in is not used)" };
}
