// `[mcp_servers]`: validation of stdio/HTTP entries and resolution with codex-exec's defaults.

import { describe, expect, it } from "vitest";
import { DEFAULT_MCP_STARTUP_TIMEOUT_MS, DEFAULT_MCP_TOOL_TIMEOUT_MS, resolveMcpServers } from "../../../src/config/resolve-mcp-servers.js";
import { validateLayer } from "../../../src/config/validate-layer.js";
import { ConfigError } from "../../../src/errors.js";

const SOURCE = "config.toml";
const layer = (mcp_servers: unknown) => validateLayer({ mcp_servers }, SOURCE);

describe("[mcp_servers] validation", () => {
  it("accepts every documented key of a stdio and an HTTP server", () => {
    const raw = {
      local: {
        command: "npx",
        args: ["-y", "server"],
        env: { A: "1" },
        env_vars: ["TOKEN"],
        cwd: "/srv",
        enabled: true,
        required: true,
        startup_timeout_sec: 2.5,
        tool_timeout_sec: 30,
        enabled_tools: ["a"],
        disabled_tools: ["b"],
        supports_parallel_tool_calls: true,
        tools: { a: { approval_mode: "approve" } },
        default_tools_approval_mode: "auto",
      },
      remote: {
        url: "https://example.com/mcp",
        bearer_token_env_var: "TOKEN",
        http_headers: { "X-A": "1" },
        env_http_headers: { "X-B": "B_VAR" },
        startup_timeout_ms: 1500,
        scopes: ["read"],
        oauth_resource: "https://example.com",
      },
    };
    expect(layer(raw)).toEqual({ value: { mcp_servers: raw }, unknownKeys: [], lenientKeys: [] });
  });

  it("an unknown key is reported as lenient (codex adds server fields often), not fatal", () => {
    expect(layer({ s: { command: "x", colour: "red" } }).lenientKeys).toEqual(["mcp_servers.s.colour"]);
  });

  it.each([
    { name: "neither command nor url", raw: { s: { args: [] } }, message: /mcp_servers\.s.*needs `command`/ },
    { name: "both command and url", raw: { s: { command: "x", url: "http://h/" } }, message: /mcp_servers\.s\.url.*cannot both be set/ },
    { name: "HTTP keys on a stdio server", raw: { s: { command: "x", http_headers: {} } }, message: /mcp_servers\.s\.http_headers.*stdio/ },
    { name: "stdio keys on an HTTP server", raw: { s: { url: "http://h/", env: {} } }, message: /mcp_servers\.s\.env.*streamable HTTP/ },
    { name: "a bad url", raw: { s: { url: "not a url" } }, message: /mcp_servers\.s\.url/ },
    { name: "a negative timeout", raw: { s: { command: "x", tool_timeout_sec: -1 } }, message: /tool_timeout_sec/ },
    { name: "a server name with a dot", raw: { "a.b": { command: "x" } }, message: /only letters, digits/ },
  ])("rejects $name", ({ raw, message }) => {
    expect(() => layer(raw)).toThrow(ConfigError);
    expect(() => layer(raw)).toThrow(message);
  });
});

describe("resolveMcpServers", () => {
  it("applies defaults: startup 10 s, tool calls 60 s, not required, all tools", () => {
    expect(resolveMcpServers({ s: { command: "srv" } })).toEqual([
      {
        name: "s",
        transport: { type: "stdio", command: "srv", args: [], env: {}, envVars: [], cwd: null },
        required: false,
        startupTimeoutMs: DEFAULT_MCP_STARTUP_TIMEOUT_MS,
        toolTimeoutMs: DEFAULT_MCP_TOOL_TIMEOUT_MS,
        enabledTools: null,
        disabledTools: [],
        supportsParallelToolCalls: false,
      },
    ]);
    expect(DEFAULT_MCP_STARTUP_TIMEOUT_MS).toBe(10_000);
    expect(DEFAULT_MCP_TOOL_TIMEOUT_MS).toBe(60_000);
  });

  it("startup_timeout_sec wins over startup_timeout_ms; seconds may be fractional", () => {
    const [a, b] = resolveMcpServers({
      a: { command: "x", startup_timeout_sec: 1.5, startup_timeout_ms: 99, tool_timeout_sec: 0.25 },
      b: { url: "http://h/", startup_timeout_ms: 700, bearer_token_env_var: "T" },
    });
    expect([a?.startupTimeoutMs, a?.toolTimeoutMs, b?.startupTimeoutMs]).toEqual([1500, 250, 700]);
    expect(b?.transport).toEqual({ type: "streamable_http", url: "http://h/", bearerTokenEnvVar: "T", httpHeaders: {}, envHttpHeaders: {} });
  });

  it("leaves disabled servers out and sorts by name", () => {
    expect(resolveMcpServers({ z: { command: "z" }, off: { command: "o", enabled: false }, a: { command: "a" } }).map((s) => s.name)).toEqual(["a", "z"]);
    expect(resolveMcpServers(undefined)).toEqual([]);
  });
});
