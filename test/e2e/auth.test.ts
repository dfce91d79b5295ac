// End to end: API keys — which variable wins, what a missing key says, and that keys are never printed.

import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { httpError, reply, type Step } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

/** Point the built-in openai provider at the mock. */
const openaiAt = (url: string): string[] => ["-c", `openai_base_url="${url}"`];
const ok = (): Step => reply([{ message: "authorised" }]);

describe.concurrent("built-in openai provider", () => {
  it("no OPENAI_API_KEY / CODEX_API_KEY: exit 1 naming OPENAI_API_KEY, zero requests", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: null });
    const r = await runCli([...openaiAt(mock.url), "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("OPENAI_API_KEY");
    expect(mock.requests).toHaveLength(0);
  });

  it("no key in JSON mode: nothing on stdout, exit 1, zero requests", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: null });
    const r = await runCli(["--json", ...openaiAt(mock.url), "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("OPENAI_API_KEY");
    expect(mock.requests).toHaveLength(0);
  });

  it("a blank OPENAI_API_KEY counts as missing", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: null });
    const r = await runCli([...openaiAt(mock.url), "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { OPENAI_API_KEY: "  ", CODEX_API_KEY: "" },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("OPENAI_API_KEY");
    expect(mock.requests).toHaveLength(0);
  });

  it("OPENAI_API_KEY=sk-test: `authorization: Bearer sk-test`, and the key is never printed", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: null });
    const r = await runCli(["--color", "never", ...openaiAt(mock.url), "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { OPENAI_API_KEY: "sk-test" },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("authorised\n");
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]?.path).toBe("/v1/responses");
    expect(mock.requests[0]?.headers["authorization"]).toBe("Bearer sk-test");
    expect(r.stderr).toContain("\nprovider: openai\n");
    expect(r.stdout).not.toContain("sk-test");
    expect(r.stderr).not.toContain("sk-test");
  });

  it("CODEX_API_KEY wins over OPENAI_API_KEY", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: null });
    const r = await runCli(["--json", ...openaiAt(mock.url), "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { OPENAI_API_KEY: "sk-openai", CODEX_API_KEY: "sk-codex" },
    });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.headers["authorization"]).toBe("Bearer sk-codex");
    expect(r.stdout + r.stderr).not.toMatch(/sk-(codex|openai)/);
  });

  it("a key stored in $CODEX_HOME/auth.json is used when the environment has none", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: null });
    await writeFile(path.join(ws.codexHome, "auth.json"), JSON.stringify({ OPENAI_API_KEY: "sk-stored" }));
    const r = await runCli(["--json", ...openaiAt(mock.url), "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.headers["authorization"]).toBe("Bearer sk-stored");
  });

  it("OPENAI_BASE_URL in the environment selects the endpoint like openai_base_url", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: null });
    const r = await runCli(["--json", "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { OPENAI_BASE_URL: mock.url, OPENAI_API_KEY: "sk-env" },
    });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]?.headers["authorization"]).toBe("Bearer sk-env");
  });

  it("a rejected key (401): turn.failed with code auth, exit 1, key not echoed", async (ctx) => {
    const { ws, mock } = await scenario(
      ctx,
      [httpError(401, { error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" } })],
      { config: null },
    );
    const r = await runCli(["--json", ...openaiAt(mock.url), "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { OPENAI_API_KEY: "sk-wrong-key" },
    });
    expect(r.code).toBe(1);
    expect(mock.requests).toHaveLength(1);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual(["thread.started", "turn.started", "error", "turn.failed"]);
    const last = events.at(-1);
    expect(last?.type === "turn.failed" && last.error.code).toBe("auth");
    expect(last?.type === "turn.failed" && last.error.message).toContain("Incorrect API key provided.");
    expect(r.stdout + r.stderr).not.toContain("sk-wrong-key");
  });
});

describe.concurrent("custom providers", () => {
  const withEnvKey = (url: string): string => `model = "gpt-5.5"
model_provider = "keyed"

[model_providers.keyed]
name = "keyed"
base_url = "${url}"
env_key = "KEYED_API_KEY"
`;

  it("a provider env_key that is unset: exit 1 naming that variable, zero requests", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: withEnvKey });
    const r = await runCli(["hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("KEYED_API_KEY");
    expect(mock.requests).toHaveLength(0);
  });

  it("a provider env_key that is set becomes the bearer token", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: withEnvKey });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, env: { KEYED_API_KEY: "sk-keyed" } });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.headers["authorization"]).toBe("Bearer sk-keyed");
  });

  it("a provider without env_key sends no authorization header", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], {
      config: (url) => `model_provider = "open"\n[model_providers.open]\nbase_url = "${url}"\n`,
    });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, env: { OPENAI_API_KEY: "sk-not-for-you" } });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.headers["authorization"]).toBeUndefined();
  });
});
