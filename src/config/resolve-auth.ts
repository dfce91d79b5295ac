// Finds the API key for the selected provider: CODEX_API_KEY, the provider's env_key, auth.json.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { StartupError } from "../errors.js";
import type { ModelProviderInfo } from "./model-provider.js";

/** Where the bearer token came from (named in auth errors; the token itself is never printed). */
export type AuthInfo = { kind: "bearer"; token: string; source: string } | { kind: "none" };

/** Resolve auth; throws StartupError naming the variable to set when a required key is missing. */
export async function resolveAuth(
  provider: ModelProviderInfo,
  env: Readonly<Record<string, string | undefined>>,
  codexHome: string,
): Promise<AuthInfo> {
  const fromEnv = (name: string): AuthInfo | null => {
    const v = env[name]?.trim();
    return v ? { kind: "bearer", token: v, source: name } : null;
  };
  const codexKey = fromEnv("CODEX_API_KEY");
  if (codexKey) return codexKey;
  if (provider.envKey) {
    const key = fromEnv(provider.envKey);
    if (key) return key;
  }
  if (provider.bearerToken) return { kind: "bearer", token: provider.bearerToken, source: "experimental_bearer_token" };
  if (provider.id === "openai") {
    const stored = await readStoredKey(codexHome);
    if (stored) return { kind: "bearer", token: stored, source: path.join(codexHome, "auth.json") };
  }
  if (provider.requiresKey || provider.envKey) {
    const variable = provider.envKey ?? "CODEX_API_KEY";
    const extra = provider.envKeyInstructions ? ` ${provider.envKeyInstructions}` : "";
    throw new StartupError(
      "auth_missing_key",
      `Error: Missing environment variable: \`${variable}\`. Set it (or CODEX_API_KEY) to an API key for provider \`${provider.id}\`.${extra}`,
    );
  }
  return { kind: "none" };
}

async function readStoredKey(codexHome: string): Promise<string | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(codexHome, "auth.json"), "utf8"));
    if (typeof parsed === "object" && parsed !== null && "OPENAI_API_KEY" in parsed) {
      const key = parsed.OPENAI_API_KEY;
      if (typeof key === "string" && key.trim() !== "") return key.trim();
    }
  } catch {
    // No auth.json, or not JSON: treated as no stored key; the missing-key error says what to set.
  }
  return null;
}
