// End to end: config.toml errors, `-c` overrides, unknown keys and --strict-config, profiles (spec §2.4, §3.1, §3.2).

import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reply, type Step } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import { mockProviderConfig } from "../support/temp-repo.js";

/** `-c` flags that select the mock provider without relying on config.toml. */
const viaOverrides = (url: string): string[] => ["-c", 'model_provider="mock"', "-c", `model_providers.mock.base_url="${url}"`];

const ok = (): Step => reply([{ message: "ok" }]);
const lines = (text: string): string[] => text.split("\n").filter((l) => l !== "");

describe.concurrent("config.toml errors", () => {
  it("invalid TOML: one line naming the file and line:column, exit 1, no request", async (ctx) => {
    const { ws, mock, configPath } = await scenario(ctx, [ok()], { config: () => 'model = "gpt-5.5"\nthis is not toml\n' });
    const r = await runCli([...viaOverrides(mock.url), "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr.startsWith("Error loading config.toml:")).toBe(true);
    expect(r.stderr).toContain(`${configPath}:2:`);
    expect(r.stderr).toMatch(/config\.toml:2:\d+/);
    expect(mock.requests).toHaveLength(0);
  });

  it("invalid TOML in JSON mode: same stderr line, stdout empty", async (ctx) => {
    const { ws, mock, configPath } = await scenario(ctx, [ok()], { config: () => '[model_providers.mock\nname = "x"\n' });
    const r = await runCli(["--json", ...viaOverrides(mock.url), "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^Error loading config\\.toml: .*${configPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1:\\d+`));
    expect(mock.requests).toHaveLength(0);
  });

  it("--ignore-user-config skips a broken config.toml", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: () => "this is not toml\n" });
    const r = await runCli(["--json", "--ignore-user-config", ...viaOverrides(mock.url), "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
    });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(1);
  });

  it("a valid file with a bad value: one line naming the key and the file, exit 1", async (ctx) => {
    const { ws, mock, configPath } = await scenario(ctx, [ok()], {
      config: (url) => mockProviderConfig(url).replace('model = "gpt-5.5"', 'model = "gpt-5.5"\nsandbox_mode = "sometimes"'),
    });
    const r = await runCli(["hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr.startsWith("Error loading config.toml:")).toBe(true);
    expect(r.stderr).toContain(configPath);
    expect(r.stderr).toContain("sandbox_mode");
    expect(mock.requests).toHaveLength(0);
  });
});

describe.concurrent("-c overrides", () => {
  it("no `=`: `Error parsing -c overrides: Invalid override (missing '='): <raw>`, exit 1", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["-c", "model", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("Error parsing -c overrides: Invalid override (missing '='): model\n");
    expect(mock.requests).toHaveLength(0);
  });

  it("an empty key: `Empty key in override: <raw>`", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["-c", " =o3", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error parsing -c overrides: Empty key in override:  =o3\n");
    expect(mock.requests).toHaveLength(0);
  });

  it("-c is parsed before config.toml is read: its error wins over a broken file", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: () => "this is not toml\n" });
    const r = await runCli(["-c", "oops", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error parsing -c overrides: Invalid override (missing '='): oops\n");
    expect(mock.requests).toHaveLength(0);
  });

  it("an invalid value: one line naming the key, exit 1, no request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["-c", "model_reasoning_effort=bogus", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain("model_reasoning_effort");
    expect(r.stderr).toContain("bogus");
    expect(mock.requests).toHaveLength(0);
  });

  it('-c model="o3" (TOML string) sets the model in the request and header', async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--color", "never", "-c", 'model="o3"', "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.body["model"]).toBe("o3");
    expect(r.stderr).toContain("\nmodel: o3\n");
  });

  it("service_tier = fast is sent as `priority`; any other tier id as written (codex takes any string)", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok(), ok()]);
    const opts = { cwd: ws.repo, codexHome: ws.codexHome };
    expect((await runCli(["--json", "-c", "service_tier=fast", "hi"], opts)).code).toBe(0);
    expect((await runCli(["--json", "-c", "service_tier=flex", "hi"], opts)).code).toBe(0);
    expect(mock.requests.map((r) => r.body["service_tier"])).toEqual(["priority", "flex"]);
    const bad = await runCli(["--json", "-c", "service_tier=\"\"", "hi"], opts);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("`service_tier`");
  });

  it("-c model=o3 (bare word) is the same as the quoted form", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--json", "-c", "model=o3", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.body["model"]).toBe("o3");
  });

  it("the later -c wins", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--json", "-c", "model=first", "--config", "model=second", "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
    });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.body["model"]).toBe("second");
  });

  it("-m beats -c model=", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--color", "never", "-c", 'model="o3"', "-m", "gpt-5-mini", "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
    });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.body["model"]).toBe("gpt-5-mini");
    expect(r.stderr).toContain("\nmodel: gpt-5-mini\n");
  });

  it("-c reasoning settings reach the request and the header", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--color", "never", "-c", "model_reasoning_effort=high", "-c", 'model_reasoning_summary="detailed"', "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
    });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.body).toMatchObject({ reasoning: { effort: "high", summary: "detailed" } });
    expect(r.stderr).toContain("\nreasoning effort: high\nreasoning summaries: detailed\n");
  });

  it("a dotted key merges into a table from config.toml (provider http_headers)", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--json", "-c", "model_providers.mock.http_headers.x-e2e-header=yes", "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
    });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]?.headers["x-e2e-header"]).toBe("yes");
  });
});

describe.concurrent("unknown config keys", () => {
  const withUnknown = (url: string): string => `bogus_key = 1\n${mockProviderConfig(url)}`;

  it("human mode: a `warning:` line naming the key, and the run proceeds", async (ctx) => {
    const { ws, mock, configPath } = await scenario(ctx, [ok()], { config: withUnknown });
    const r = await runCli(["--color", "never", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("ok\n");
    const warnings = lines(r.stderr).filter((l) => l.startsWith("warning: "));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("`bogus_key`");
    expect(warnings[0]).toContain(configPath);
    expect(mock.requests).toHaveLength(1);
  });

  it("json mode: an `error` item between thread.started and turn.started", async (ctx) => {
    const { ws, configPath } = await scenario(ctx, [ok()], { config: withUnknown });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "item.completed:error",
      "turn.started",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    const warning = events[1];
    expect(warning?.type === "item.completed" && warning.item.id).toBe("item_0");
    expect(warning?.type === "item.completed" && warning.item.type === "error" && warning.item.message).toContain("`bogus_key`");
    expect(JSON.stringify(warning)).toContain(configPath);
    expect(events[3]).toEqual({ type: "item.completed", item: { id: "item_1", type: "agent_message", text: "ok" } });
  });

  it("a nested unknown key is named by its dotted path", async (ctx) => {
    const { ws } = await scenario(ctx, [ok()], { config: (url) => `${mockProviderConfig(url)}\n[sandbox_workspace_write]\nnetwork_acces = true\n` });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)[1]).toBe("item.completed:error");
    expect(JSON.stringify(events[1])).toContain("sandbox_workspace_write.network_acces");
  });

  it("an unknown field inside a provider is not warned about: codex adds provider fields often", async (ctx) => {
    const { ws } = await scenario(ctx, [ok()], { providerExtra: "field_of_a_newer_codex = true" });
    const r = await runCli(["--json", "--strict-config", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(sequence(parseJsonl(r.stdout))[1]).toBe("turn.started");
  });

  it("--strict-config: an unknown file key is fatal, exit 1, no request, stdout empty", async (ctx) => {
    const { ws, mock, configPath } = await scenario(ctx, [ok()], { config: withUnknown });
    const r = await runCli(["--json", "--strict-config", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr.startsWith("Error loading config.toml:")).toBe(true);
    expect(r.stderr).toContain("`bogus_key`");
    expect(r.stderr).toContain(configPath);
    expect(mock.requests).toHaveLength(0);
  });

  it("an unknown -c key warns without --strict-config", async (ctx) => {
    const { ws } = await scenario(ctx, [ok()]);
    const r = await runCli(["--color", "never", "-c", "bogus=1", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const warnings = lines(r.stderr).filter((l) => l.startsWith("warning: "));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("`bogus`");
    expect(warnings[0]).toContain("-c/--config override");
  });

  it("--strict-config with an unknown -c key: codex's exact message", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--strict-config", "-c", "bogus=1", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error loading config.toml: unknown configuration field `bogus` in -c/--config override\n");
    expect(mock.requests).toHaveLength(0);
  });
});

describe.concurrent("profiles", () => {
  const profiles = `
[profiles.fast]
model = "gpt-5-mini"
model_reasoning_effort = "low"

[profiles.other]
model = "other-model"
`;

  it("-p fast selects [profiles.fast]", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { providerExtra: profiles });
    const r = await runCli(["--color", "never", "-p", "fast", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.body).toMatchObject({ model: "gpt-5-mini", reasoning: { effort: "low" } });
    expect(r.stderr).toContain("\nmodel: gpt-5-mini\n");
  });

  it('`profile = "fast"` in config.toml selects it without a flag', async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: (url) => `profile = "fast"\n${mockProviderConfig(url, profiles)}` });
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.body["model"]).toBe("gpt-5-mini");
  });

  it("--profile beats `profile =` in the file", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: (url) => `profile = "fast"\n${mockProviderConfig(url, profiles)}` });
    const r = await runCli(["--json", "--profile", "other", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.body["model"]).toBe("other-model");
  });

  it("-c beats the profile", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { providerExtra: profiles });
    const r = await runCli(["--json", "-p", "fast", "-c", "model=o3", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.body).toMatchObject({ model: "o3", reasoning: { effort: "low" } });
  });

  it("-m beats the profile", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { providerExtra: profiles });
    const r = await runCli(["--json", "-p", "fast", "-m", "flag-model", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.body["model"]).toBe("flag-model");
  });

  it("$CODEX_HOME/<name>.config.toml is a profile too (profile v2)", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    await writeFile(path.join(ws.codexHome, "v2.config.toml"), 'model = "v2-model"\n');
    const r = await runCli(["--json", "-p", "v2", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.body["model"]).toBe("v2-model");
  });

  it("an unknown profile: exit 1 with a message naming it, no request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { providerExtra: profiles });
    const r = await runCli(["--json", "-p", "nosuchprofile", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain("nosuchprofile");
    expect(mock.requests).toHaveLength(0);
  });
});

describe.concurrent("-c value parsing", () => {
  it("splits on the first `=` only; an unparsable TOML value becomes a plain string", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--json", "-c", "model_providers.mock.http_headers.x-e2e=a=b c", "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
    });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.headers["x-e2e"]).toBe("a=b c");
  });

  it("an inline table value is parsed as TOML", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["--json", "-c", 'model_providers.mock.http_headers={ "x-one" = "1", "x-two" = "2" }', "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
    });
    expect(r.code).toBe(0);
    expect(mock.requests[0]?.headers["x-one"]).toBe("1");
    expect(mock.requests[0]?.headers["x-two"]).toBe("2");
  });

  it("a wrongly typed value (number for a string key) is an error naming the key", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["-c", "model=5", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain("`model`");
    expect(mock.requests).toHaveLength(0);
  });
});
