// End to end: a real codex config.toml loads quietly, `$CODEX_HOME/.env` is read as codex reads it, and oversized input is refused.

import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reply, type RecordedRequest, type Step } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import { mockProviderConfig } from "../support/temp-repo.js";

const ok = (): Step => reply([{ message: "ok" }]);
const lines = (text: string): string[] => text.split("\n").filter((l) => l !== "");

/** A config.toml as a long-time codex user has it: keys from every part of codex's tree, most of them unread by exec. */
const CODEX_USER_CONFIG = `
check_for_update_on_startup = false
approval_policy = "untrusted"
sandbox_mode = "read-only"
model_reasoning_effort = "high"
model_reasoning_summary = "concise"
file_opener = "vscode"
personality = "pragmatic"
review_model = "gpt-5.5"
cli_auth_credentials_store = "keyring"
web_search = "indexed"
service_tier = "default"
tool_output_token_limit = 12000
allow_login_shell = false
notify = ["notify-send", "codex"]
suppress_unstable_features_warning = true
model_post_turn_compact_threshold_percent = 80
include_environment_context_time = true

[feedback]
enabled = false

[analytics]
enabled = false

[tui]
theme = "dracula"
notifications = ["agent-turn-complete"]
[tui.keymap.global]
submit = ["enter"]

[notice]
hide_full_access_warning = true
"hide_gpt-5.1-codex-max_migration_prompt" = true
[notice.model_migrations]
"gpt-5" = "gpt-5.5"

[history]
persistence = "none"

[features]
unified_exec = true
web_search_request = true
shell_snapshot = false
[features.code_mode]
enabled = false

[tools]
web_search = { context_size = "low" }

[otel]
environment = "ci"
log_user_prompt = false
exporter = "none"

[memories]
use_memories = false

[agents]
max_threads = 4
[agents.reviewer]
description = "reads diffs"

[skills]
include_instructions = false

[plugins.lint]
enabled = true

[hooks.state.x]
enabled = false

[projects."/home/me/repo"]
trust_level = "trusted"

[shell_environment_policy]
inherit = "all"
[shell_environment_policy.filters]
"AWS_*" = "exclude"

[sandbox_workspace_write]
network_access = false

[windows]
sandbox = "elevated"

[marketplaces.team]
source = "https://example.invalid/m.git"
source_type = "git"

[profiles.ci]
model = "gpt-5.5"
approval_policy = "never"
sandbox_mode = "read-only"
[profiles.ci.features]
unified_exec = true
`;

const withUserConfig = (url: string): string =>
  `model = "gpt-5.5"\nmodel_provider = "mock"\n${CODEX_USER_CONFIG}
[model_providers.mock]
name = "mock"
base_url = "${url}"
supports_websockets = false
stream_idle_timeout_ms = 300000
[model_providers.mock.aws]
region = "eu-west-1"
`;

describe.concurrent("a codex user's config.toml", () => {
  it("human mode: no warning at all, and the run proceeds", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: withUserConfig });
    const r = await runCli(["--color", "never", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: null });
    expect(r.stderr).not.toContain("warning");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("ok\n");
    expect(mock.requests).toHaveLength(1);
  });

  it("json mode: no error item before turn.started", async (ctx) => {
    const { ws } = await scenario(ctx, [ok()], { config: withUserConfig });
    const r = await runCli(["--json", "--strict-config", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: null });
    expect(r.code).toBe(0);
    expect(sequence(parseJsonl(r.stdout))).toEqual(["thread.started", "turn.started", "item.completed:agent_message", "turn.completed"]);
  });

  it("`indexed` web search is sent as the cached mode; any service tier is sent as written", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: withUserConfig });
    await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: null });
    const body = mock.requests[0]?.body ?? {};
    expect(body["service_tier"]).toBe("default");
    expect(body["tools"]).toEqual(expect.arrayContaining([expect.objectContaining({ type: "web_search", external_web_access: false })]));
  });

  it("a key codex does not know still warns, before the prompt rather than inside the transcript", async (ctx) => {
    const { ws, configPath } = await scenario(ctx, [ok()], { config: (url) => `modle = "typo"\n${withUserConfig(url)}` });
    const r = await runCli(["--color", "never", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: null });
    expect(r.code).toBe(0);
    const out = lines(r.stderr);
    const warning = out.findIndex((l) => l.startsWith("warning: "));
    expect(out[warning]).toBe(`warning: ignoring unknown configuration field \`modle\` in ${configPath}`);
    expect(out.filter((l) => l.startsWith("warning: "))).toHaveLength(1);
    expect(out[warning + 1]).toBe("user");
    expect(out[warning + 2]).toBe("hi");
  });
});

/** The Authorization header of a recorded request. */
const authOf = (req: RecordedRequest | undefined): string | undefined => req?.headers["authorization"] as string | undefined;

const exec = (cmd: string, callId: string): Step =>
  reply([{ functionCall: { name: "exec_command", arguments: { cmd }, callId } }]);

describe.concurrent("$CODEX_HOME/.env", () => {
  const keyed = (url: string): string => mockProviderConfig(url, 'env_key = "MOCK_KEY"');

  it("supplies the provider's key, and its variables never reach commands", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [exec('echo "key=[$MOCK_KEY] extra=[$EXTRA_FROM_DOTENV]"', "c1"), ok()], {
      config: keyed,
    });
    await writeFile(path.join(ws.codexHome, ".env"), 'MOCK_KEY=sk-from-dotenv\nEXTRA_FROM_DOTENV="yes"\n');
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: null });
    expect(r.code).toBe(0);
    expect(authOf(mock.requests[0])).toBe("Bearer sk-from-dotenv");
    expect(JSON.stringify(mock.requests[1]?.body["input"])).toContain("key=[] extra=[]");
  });

  it("never overrides a variable that is already set, and cannot set CODEX_ variables", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()], { config: keyed });
    await writeFile(path.join(ws.codexHome, ".env"), "MOCK_KEY=sk-from-dotenv\nCODEX_HOME=/nowhere\n");
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, env: { MOCK_KEY: "sk-from-caller" }, stdin: null });
    expect(r.code).toBe(0);
    expect(authOf(mock.requests[0])).toBe("Bearer sk-from-caller");
  });
});

describe.concurrent("input limit", () => {
  it("over 1,048,576 characters: one line naming limit and size, exit 1, no request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const big = "x".repeat(1_048_577);
    const r = await runCli(["--json", "-"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: big });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toEqual([
      "Error: the input is 1048577 characters, over the limit of 1048576; pass large content as a file the agent can read instead",
    ]);
    expect(mock.requests).toHaveLength(0);
  });

  it("argument and stdin count together", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [ok()]);
    const r = await runCli(["summarise"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "y".repeat(1_048_560) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("over the limit of 1048576");
    expect(mock.requests).toHaveLength(0);
  });
});
