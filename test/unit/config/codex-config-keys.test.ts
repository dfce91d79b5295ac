// A config.toml holding every key codex 0.169 accepts loads without a warning, strict or not.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { stringify } from "smol-toml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ANY, CODEX_CONFIG_KEYS, LENIENT, WILDCARD, type KeyNode } from "../../../src/config/codex-config-keys.js";
import { loadConfig } from "../../../src/config/load-config.js";

/** Values for the keys our schema reads (and so type-checks); every other key gets a string. */
const SAMPLES: Record<string, unknown> = {
  approval_policy: "on-request",
  sandbox_mode: "workspace-write",
  model_reasoning_effort: "high",
  model_reasoning_summary: "concise",
  model_verbosity: "low",
  web_search: "indexed",
  project_doc_max_bytes: 1024,
  project_doc_fallback_filenames: ["CLAUDE.md"],
  project_root_markers: [".git"],
  model_context_window: 200_000,
  model_auto_compact_token_limit: 150_000,
  include_permissions_instructions: true,
  include_environment_context: true,
  hide_agent_reasoning: false,
  writable_roots: ["/tmp"],
  network_access: false,
  exclude_tmpdir_env_var: false,
  exclude_slash_tmp: false,
  inherit: "core",
  ignore_default_excludes: false,
  exclude: ["*SECRET*"],
  include_only: ["PATH"],
  filters: { "AWS_*": "exclude" },
  set: { CI: "1" },
  experimental_use_profile: false,
  http_headers: { "X-A": "b" },
  env_http_headers: { "X-B": "B_ENV" },
  query_params: { "api-version": "1" },
  request_max_retries: 2,
  stream_max_retries: 2,
  stream_idle_timeout_ms: 1000,
  requires_openai_auth: false,
  supports_websockets: false,
  websocket_connect_timeout_ms: 1000,
  wire_api: "responses",
  args: ["--stdio"],
  env: { A: "b" },
  env_vars: ["HOME"],
  enabled: true,
  required: false,
  startup_timeout_sec: 10,
  startup_timeout_ms: 10_000,
  tool_timeout_sec: 60,
  enabled_tools: ["a"],
  disabled_tools: ["b"],
  supports_parallel_tool_calls: true,
  scopes: ["read"],
  url: undefined,
  bearer_token_env_var: undefined,
};

/** A table holding every key of `node`; map names become `x`; a sub-table nobody reads gets one made-up key. */
function sampleTable(node: KeyNode, pathSoFar: string[]): unknown {
  if (node === ANY) {
    const name = pathSoFar.at(-1) ?? "";
    return name in SAMPLES ? SAMPLES[name] : "value";
  }
  const table: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(node)) {
    if (name === LENIENT) continue;
    const value = sampleTable(child, [...pathSoFar, name]);
    if (value !== undefined) table[name === WILDCARD ? "x" : name] = value;
  }
  return table;
}

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), "codex-exec-all-keys-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("codex's whole key tree", () => {
  it("loads without a warning, in strict mode too", async () => {
    const table = sampleTable(CODEX_CONFIG_KEYS, []) as Record<string, unknown>;
    // An MCP server has one transport, and each transport its own keys (as in codex): split them over two.
    const { http_headers, env_http_headers, ...stdio } = (table["mcp_servers"] as { x: Record<string, unknown> }).x;
    table["mcp_servers"] = {
      x: { ...stdio, command: "srv" },
      y: { url: "http://127.0.0.1:9/mcp", bearer_token_env_var: "TOKEN", http_headers, env_http_headers },
    };
    const text = stringify(table);
    await writeFile(path.join(home, "config.toml"), text);
    const loaded = await loadConfig({ codexHome: home, overrides: [], ignoreUserConfig: false, strict: true, profile: "x" });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.lenientKeys).toEqual([]);
    // Keys we read arrive; keys we do not were dropped.
    expect(loaded.toml.sandbox_mode).toBe("workspace-write");
    expect(loaded.toml).not.toHaveProperty("tui");
    expect(text.split("\n").length).toBeGreaterThan(300);
  });

  it("sections exec never reads are accepted whole, however deep", async () => {
    const text = [
      "[tui.keymap.global]",
      'submit = ["enter"]',
      "[notice]",
      '"hide_gpt-5.1-codex-max_migration_prompt" = true',
      "[otel.exporter.otlp-http]",
      'endpoint = "http://collector"',
      "[agents.reviewer]",
      'description = "a role name is any key"',
      "[hooks]",
      'PreToolUse = [{ matcher = "*", hooks = [] }]',
    ].join("\n");
    await writeFile(path.join(home, "config.toml"), text);
    const loaded = await loadConfig({ codexHome: home, overrides: [], ignoreUserConfig: false, strict: true });
    expect(loaded.warnings).toEqual([]);
  });

  it("-c with a codex key we do not read is quiet; a made-up one warns", async () => {
    const loaded = await loadConfig({
      codexHome: home,
      overrides: ["check_for_update_on_startup=false", "features.unified_exec=true", "feature.unified_exec=true"],
      ignoreUserConfig: false,
      strict: false,
    });
    expect(loaded.warnings).toEqual(["ignoring unknown configuration field `feature` in -c/--config override"]);
  });
});
