// resolveProvider: built-in and custom providers, base URL precedence, headers, retry caps.

import { describe, expect, it } from "vitest";
import type { ConfigToml } from "../../../src/config/config-schema.js";
import { OPENAI_DEFAULT_BASE_URL, resolveProvider } from "../../../src/config/model-provider.js";
import { resolveExecConfig } from "../../../src/config/resolve-config.js";
import { ConfigError } from "../../../src/errors.js";

describe("resolveProvider: built-in openai", () => {
  it.each([
    { name: "default", toml: {}, env: {}, url: OPENAI_DEFAULT_BASE_URL },
    { name: "OPENAI_BASE_URL env", toml: {}, env: { OPENAI_BASE_URL: "http://env/v1" }, url: "http://env/v1" },
    { name: "blank env ignored", toml: {}, env: { OPENAI_BASE_URL: "  " }, url: OPENAI_DEFAULT_BASE_URL },
    { name: "config key", toml: { openai_base_url: "http://cfg/v1" }, env: {}, url: "http://cfg/v1" },
    {
      name: "config key beats env",
      toml: { openai_base_url: "http://cfg/v1" },
      env: { OPENAI_BASE_URL: "http://env/v1" },
      url: "http://cfg/v1",
    },
  ])("base URL: $name", ({ toml, env, url }) => {
    expect(resolveProvider(toml as ConfigToml, env).baseUrl).toBe(url);
  });

  it("has codex's defaults", () => {
    expect(resolveProvider({}, {})).toMatchObject({
      id: "openai",
      name: "OpenAI",
      baseUrl: "https://api.openai.com/v1",
      wireApi: "responses",
      envKey: "OPENAI_API_KEY",
      requiresKey: true,
      requestMaxRetries: 4,
      streamMaxRetries: 5,
      streamIdleTimeoutMs: 300_000,
      httpHeaders: {},
    });
  });

  it("adds OpenAI-Organization / OpenAI-Project only when the env vars are set and non-blank", () => {
    expect(resolveProvider({}, { OPENAI_ORGANIZATION: "org-1", OPENAI_PROJECT: "" }).httpHeaders).toEqual({
      "OpenAI-Organization": "org-1",
    });
  });

  it("a [model_providers.openai] table cannot redefine the built-in", () => {
    const toml: ConfigToml = { model_providers: { openai: { base_url: "http://hijack/v1", name: "X" } } };
    expect(resolveProvider(toml, {})).toMatchObject({ name: "OpenAI", baseUrl: OPENAI_DEFAULT_BASE_URL });
  });
});

describe("resolveProvider: custom providers", () => {
  const mock = (extra: Record<string, unknown> = {}): ConfigToml =>
    ({ model_provider: "mock", model_providers: { mock: { base_url: "http://127.0.0.1:9/v1", ...extra } } }) as ConfigToml;

  it("minimal entry: id as name, no key, defaults", () => {
    expect(resolveProvider(mock(), {})).toEqual({
      id: "mock",
      name: "mock",
      baseUrl: "http://127.0.0.1:9/v1",
      wireApi: "responses",
      envKey: null,
      envKeyInstructions: null,
      bearerToken: null,
      requiresKey: false,
      queryParams: {},
      httpHeaders: {},
      requestMaxRetries: 4,
      streamMaxRetries: 5,
      streamIdleTimeoutMs: 300_000,
      retryBaseDelayMs: 200,
    });
  });

  it("OPENAI_BASE_URL does not affect a custom provider", () => {
    expect(resolveProvider(mock(), { OPENAI_BASE_URL: "http://env/v1" }).baseUrl).toBe("http://127.0.0.1:9/v1");
  });

  it("static headers plus env headers whose variables are set", () => {
    const p = resolveProvider(
      mock({
        http_headers: { "X-Static": "s" },
        env_http_headers: { "X-From-Env": "MY_HEADER", "X-Unset": "NOT_SET", "X-Blank": "BLANK" },
      }),
      { MY_HEADER: "v", BLANK: " " },
    );
    expect(p.httpHeaders).toEqual({ "X-Static": "s", "X-From-Env": "v" });
  });

  it("an env header overrides a static header of the same name", () => {
    const p = resolveProvider(mock({ http_headers: { H: "static" }, env_http_headers: { H: "HV" } }), { HV: "env" });
    expect(p.httpHeaders).toEqual({ H: "env" });
  });

  it.each([
    { set: 3, want: 3 },
    { set: 100, want: 100 },
    { set: 101, want: 100 },
    { set: 10_000, want: 100 },
    { set: 0, want: 0 },
  ])("retries $set are capped to $want", ({ set, want }) => {
    const p = resolveProvider(mock({ request_max_retries: set, stream_max_retries: set }), {});
    expect([p.requestMaxRetries, p.streamMaxRetries]).toEqual([want, want]);
  });

  it("carries the remaining fields through", () => {
    const p = resolveProvider(
      mock({
        name: "Mock",
        env_key: "MOCK_KEY",
        env_key_instructions: "get one at example.test",
        experimental_bearer_token: "tok",
        wire_api: "chat",
        query_params: { "api-version": "1" },
        stream_idle_timeout_ms: 1234,
        retry_base_delay_ms: 1,
        requires_openai_auth: true,
      }),
      {},
    );
    expect(p).toMatchObject({
      name: "Mock",
      envKey: "MOCK_KEY",
      envKeyInstructions: "get one at example.test",
      bearerToken: "tok",
      wireApi: "chat",
      queryParams: { "api-version": "1" },
      streamIdleTimeoutMs: 1234,
      retryBaseDelayMs: 1,
      requiresKey: true,
    });
  });

  it("a custom provider without base_url is a config error", () => {
    const toml = { model_provider: "nourl", model_providers: { nourl: { name: "N" } } } as ConfigToml;
    expect(() => resolveProvider(toml, {})).toThrow(ConfigError);
    expect(() => resolveProvider(toml, {})).toThrow("model_providers.nourl.base_url is required");
  });

  it("an unknown provider id names it and the known ids", () => {
    const toml = { model_provider: "ghost", model_providers: { mock: { base_url: "u" } } } as ConfigToml;
    let err: unknown;
    try {
      resolveProvider(toml, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toMatchObject({ code: "config_invalid" });
    const message = (err as Error).message;
    expect(message).toContain("model_provider `ghost` is not defined");
    expect(message).toContain("known: openai, ollama, lmstudio, mock");
    expect(message).toContain("[model_providers.ghost]");
  });
});

describe("resolveProvider: oss providers", () => {
  it.each([
    { id: "ollama", env: {}, url: "http://localhost:11434/v1" },
    { id: "lmstudio", env: {}, url: "http://localhost:1234/v1" },
    { id: "ollama", env: { CODEX_OSS_PORT: "9999" }, url: "http://localhost:9999/v1" },
    { id: "lmstudio", env: { CODEX_OSS_BASE_URL: "http://box:1/v1", CODEX_OSS_PORT: "2" }, url: "http://box:1/v1" },
  ])("$id with $env → $url", ({ id, env, url }) => {
    const p = resolveProvider({ model_provider: id }, env);
    expect(p.baseUrl).toBe(url);
    expect(p.requiresKey).toBe(false);
  });

  it.each(["ollama", "lmstudio"])("%s speaks Chat Completions by default", (id) => {
    expect(resolveProvider({ model_provider: id }, {})).toMatchObject({ id, name: "gpt-oss", wireApi: "chat", envKey: null });
  });

  it("a [model_providers.ollama] entry adjusts the built-in: its keys win, the rest is kept", () => {
    const toml: ConfigToml = {
      model_provider: "ollama",
      model_providers: { ollama: { wire_api: "responses", stream_idle_timeout_ms: 42 } },
    };
    expect(resolveProvider(toml, {})).toMatchObject({
      name: "gpt-oss",
      baseUrl: "http://localhost:11434/v1",
      wireApi: "responses",
      streamIdleTimeoutMs: 42,
    });
  });

  it("CODEX_OSS_PORT applies to an adjusted base_url; CODEX_OSS_BASE_URL still wins", () => {
    const toml: ConfigToml = { model_provider: "lmstudio", model_providers: { lmstudio: { base_url: "http://gpu-box:1234/v1" } } };
    expect(resolveProvider(toml, {}).baseUrl).toBe("http://gpu-box:1234/v1");
    expect(resolveProvider(toml, { CODEX_OSS_PORT: "5678" }).baseUrl).toBe("http://gpu-box:5678/v1");
    expect(resolveProvider(toml, { CODEX_OSS_BASE_URL: "http://other/v1" }).baseUrl).toBe("http://other/v1");
  });

  it("the known-provider list names an adjusted built-in once", () => {
    const toml = { model_provider: "ghost", model_providers: { ollama: { wire_api: "chat" } } } as ConfigToml;
    expect(() => resolveProvider(toml, {})).toThrow("known: openai, ollama, lmstudio)");
  });
});

describe("resolveProvider: base URLs must be http(s) URLs, and the error names where the bad one came from", () => {
  it.each([
    {
      name: "openai_base_url without a scheme",
      toml: { openai_base_url: "127.0.0.1:9/v1" },
      env: {},
      where: "Error loading config.toml: openai_base_url",
    },
    { name: "OPENAI_BASE_URL garbage", toml: {}, env: { OPENAI_BASE_URL: "garbage" }, where: "Error: OPENAI_BASE_URL" },
    {
      name: "a custom provider's base_url",
      toml: { model_provider: "x", model_providers: { x: { base_url: "not a url" } } },
      env: {},
      where: "Error loading config.toml: model_providers.x.base_url",
    },
    {
      name: "CODEX_OSS_BASE_URL of another scheme",
      toml: { model_provider: "ollama" },
      env: { CODEX_OSS_BASE_URL: "ftp://h/v1" },
      where: "Error: CODEX_OSS_BASE_URL",
    },
  ])("$name", ({ toml, env, where }) => {
    let err: unknown;
    try {
      resolveProvider(toml as ConfigToml, env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message.startsWith(`${where} is not an http(s) URL ("`)).toBe(true);
    expect(message.endsWith('"); write it like http://localhost:8000/v1')).toBe(true);
  });

  it("CODEX_OSS_PORT must be a port number", () => {
    expect(() => resolveProvider({ model_provider: "ollama" }, { CODEX_OSS_PORT: "abc" })).toThrow(
      'Error: CODEX_OSS_PORT is not a port number ("abc"); set it like 11434 or unset it',
    );
  });
});

describe("resolveExecConfig under --replay", () => {
  it("the cassette's model and wire, served by the keyless `replay` provider; a -m model still wins", () => {
    const base = { profile: null, warnings: [], codexHome: "/h", cwd: "/w", env: { OPENAI_API_KEY: "k" } };
    const toml: ConfigToml = { model: "from-config", model_providers: { mine: { base_url: "http://127.0.0.1:1/v1", env_key: "MINE" } }, model_provider: "mine" };
    const replayed = resolveExecConfig({ ...base, toml, overrides: { replay: { model: "gpt-5.4", wire: "chat" } } });
    expect(replayed.model).toBe("gpt-5.4");
    expect(replayed.provider).toMatchObject({ id: "replay", wireApi: "chat", envKey: null, bearerToken: null, requiresKey: false, httpHeaders: {} });
    expect(replayed.provider.baseUrl).not.toContain("127.0.0.1");
    expect(resolveExecConfig({ ...base, toml, overrides: { model: "asked", replay: { model: "gpt-5.4", wire: "responses" } } }).model).toBe("asked");
    expect(resolveExecConfig({ ...base, toml, overrides: {} }).provider.id).toBe("mine");
  });
});
