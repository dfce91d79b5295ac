// resolveAuth: CODEX_API_KEY > provider env_key > bearer token > auth.json; clear missing-key errors.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveProvider, type ModelProviderInfo } from "../../../src/config/model-provider.js";
import { resolveAuth } from "../../../src/config/resolve-auth.js";
import { StartupError } from "../../../src/errors.js";

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), "codex-exec-auth-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const openai = (): ModelProviderInfo => resolveProvider({}, {});
const custom = (extra: Record<string, unknown> = {}): ModelProviderInfo =>
  resolveProvider({ model_provider: "c", model_providers: { c: { base_url: "http://127.0.0.1:9/v1", ...extra } } }, {});
const storeKey = (key: unknown): Promise<void> => writeFile(path.join(home, "auth.json"), JSON.stringify({ OPENAI_API_KEY: key }));

async function missing(p: Promise<unknown>): Promise<StartupError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(StartupError);
    return err as StartupError;
  }
  throw new Error("expected resolveAuth to reject");
}

describe("resolveAuth precedence", () => {
  it("CODEX_API_KEY beats env_key and auth.json", async () => {
    await storeKey("sk-stored");
    expect(await resolveAuth(openai(), { CODEX_API_KEY: "sk-codex", OPENAI_API_KEY: "sk-openai" }, home)).toEqual({
      kind: "bearer",
      token: "sk-codex",
      source: "CODEX_API_KEY",
    });
  });

  it("the provider's env_key beats auth.json", async () => {
    await storeKey("sk-stored");
    expect(await resolveAuth(openai(), { OPENAI_API_KEY: "sk-openai" }, home)).toEqual({
      kind: "bearer",
      token: "sk-openai",
      source: "OPENAI_API_KEY",
    });
  });

  it("auth.json is used when no env var is set", async () => {
    await storeKey("  sk-stored  ");
    expect(await resolveAuth(openai(), {}, home)).toEqual({
      kind: "bearer",
      token: "sk-stored",
      source: path.join(home, "auth.json"),
    });
  });

  it("blank CODEX_API_KEY is ignored; values are trimmed", async () => {
    expect(await resolveAuth(openai(), { CODEX_API_KEY: "   ", OPENAI_API_KEY: " sk-o " }, home)).toMatchObject({
      token: "sk-o",
      source: "OPENAI_API_KEY",
    });
  });

  it("custom provider: env_key value", async () => {
    expect(await resolveAuth(custom({ env_key: "MY_KEY" }), { MY_KEY: "k" }, home)).toEqual({
      kind: "bearer",
      token: "k",
      source: "MY_KEY",
    });
  });

  it("custom provider: its own env_key or bearer token beats CODEX_API_KEY (an OpenAI key never reaches it)", async () => {
    expect(await resolveAuth(custom({ env_key: "MY_KEY" }), { MY_KEY: "k", CODEX_API_KEY: "c" }, home)).toMatchObject({ token: "k" });
    expect(await resolveAuth(custom({ experimental_bearer_token: "tok" }), { CODEX_API_KEY: "c" }, home)).toMatchObject({ token: "tok" });
    expect(await resolveAuth(custom(), { CODEX_API_KEY: "c" }, home)).toEqual({ kind: "none" });
  });

  it("custom provider with requires_openai_auth takes codex's auth: CODEX_API_KEY, then auth.json", async () => {
    await storeKey("sk-stored");
    expect(await resolveAuth(custom({ requires_openai_auth: true }), { CODEX_API_KEY: "c" }, home)).toMatchObject({
      token: "c",
      source: "CODEX_API_KEY",
    });
    expect(await resolveAuth(custom({ requires_openai_auth: true }), {}, home)).toMatchObject({ token: "sk-stored" });
  });

  it("custom provider: experimental_bearer_token when no env key is set", async () => {
    expect(await resolveAuth(custom({ experimental_bearer_token: "tok" }), {}, home)).toEqual({
      kind: "bearer",
      token: "tok",
      source: "experimental_bearer_token",
    });
  });

  it("custom provider does not read auth.json", async () => {
    await storeKey("sk-stored");
    expect(await resolveAuth(custom(), {}, home)).toEqual({ kind: "none" });
  });

  it("custom provider without env_key → none", async () => {
    expect(await resolveAuth(custom(), { OPENAI_API_KEY: "ignored" }, home)).toEqual({ kind: "none" });
  });
});

describe("resolveAuth missing keys", () => {
  it("openai without any key names OPENAI_API_KEY and CODEX_API_KEY", async () => {
    const err = await missing(resolveAuth(openai(), {}, home));
    expect(err.code).toBe("auth_missing_key");
    expect(err.message).toBe(
      "Error: Missing environment variable: `OPENAI_API_KEY`. Set it (or CODEX_API_KEY) to an API key for provider `openai`.",
    );
  });

  it("custom provider with env_key unset names that variable and the instructions", async () => {
    const err = await missing(resolveAuth(custom({ env_key: "MY_KEY", env_key_instructions: "Get one at x.test." }), {}, home));
    expect(err.message).toBe(
      "Error: Missing environment variable: `MY_KEY`. Set it to an API key for provider `c`. Get one at x.test.",
    );
  });

  it.each([
    { name: "not JSON", text: "{nope", why: "it is not valid JSON" },
    { name: "no key field", text: JSON.stringify({ tokens: {} }), why: "it holds no OPENAI_API_KEY (a ChatGPT sign-in is not used)" },
    { name: "blank key", text: JSON.stringify({ OPENAI_API_KEY: "  " }), why: "it holds no OPENAI_API_KEY (a ChatGPT sign-in is not used)" },
    { name: "non-string key", text: JSON.stringify({ OPENAI_API_KEY: 42 }), why: "it holds no OPENAI_API_KEY (a ChatGPT sign-in is not used)" },
  ])("an unusable auth.json ($name) counts as no key, and the error says why it was not used", async ({ text, why }) => {
    await writeFile(path.join(home, "auth.json"), text);
    const err = await missing(resolveAuth(openai(), {}, home));
    expect(err.message).toBe(
      "Error: Missing environment variable: `OPENAI_API_KEY`. Set it (or CODEX_API_KEY) to an API key for provider `openai`." +
        ` (${path.join(home, "auth.json")} was not used: ${why})`,
    );
  });

  it("the token never appears in the error", async () => {
    const err = await missing(resolveAuth(custom({ env_key: "K" }), { OTHER: "sk-secret" }, home));
    expect(err.message).not.toContain("sk-secret");
  });
});
