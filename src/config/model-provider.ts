// Model providers: the built-in ones and `[model_providers.<id>]` entries, resolved to one shape.

import { ConfigError } from "../errors.js";
import type { ConfigToml, ProviderToml } from "./config-schema.js";

export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Everything the model client needs to know about where and how to send requests. */
export interface ModelProviderInfo {
  id: string;
  name: string;
  baseUrl: string;
  wireApi: "responses" | "chat";
  /** Env var that holds the API key, if the provider uses one. */
  envKey: string | null;
  envKeyInstructions: string | null;
  bearerToken: string | null;
  /** True when a request without a key is certain to fail (the OpenAI API). */
  requiresKey: boolean;
  queryParams: Record<string, string>;
  /** Static headers plus the env-sourced ones that were set. */
  httpHeaders: Record<string, string>;
  requestMaxRetries: number;
  streamMaxRetries: number;
  streamIdleTimeoutMs: number;
  retryBaseDelayMs: number;
}

const MAX_RETRIES_CAP = 100;
const DEFAULTS = { requestMaxRetries: 4, streamMaxRetries: 5, streamIdleTimeoutMs: 300_000, retryBaseDelayMs: 200 };

const BUILT_IN: Record<string, ProviderToml> = {
  openai: {
    name: "OpenAI",
    env_key: "OPENAI_API_KEY",
    requires_openai_auth: true,
    env_http_headers: { "OpenAI-Organization": "OPENAI_ORGANIZATION", "OpenAI-Project": "OPENAI_PROJECT" },
  },
  // Chat Completions, not Responses (codex ≤0.94's `ollama`): both servers have long implemented
  // /v1/chat/completions, and their /v1/responses support is recent and partial. A user entry can change it.
  ollama: { name: "gpt-oss", base_url: "http://localhost:11434/v1", wire_api: "chat" },
  lmstudio: { name: "gpt-oss", base_url: "http://localhost:1234/v1", wire_api: "chat" },
};

/** Built-ins a `[model_providers.<id>]` entry may adjust (its keys win); the others cannot be redefined. */
const ADJUSTABLE: ReadonlySet<string> = new Set(["ollama", "lmstudio"]);

/** Resolve the selected provider from config and environment. */
export function resolveProvider(toml: ConfigToml, env: Readonly<Record<string, string | undefined>>): ModelProviderInfo {
  const id = toml.model_provider ?? "openai";
  const builtIn = BUILT_IN[id];
  const userEntry = toml.model_providers?.[id];
  // `openai` cannot be redefined, as in codex; the local servers can be adjusted (e.g. wire_api, port).
  const entry = builtIn && userEntry && ADJUSTABLE.has(id) ? { ...builtIn, ...userEntry } : (builtIn ?? userEntry);
  if (!entry) {
    const known = [...new Set([...Object.keys(BUILT_IN), ...Object.keys(toml.model_providers ?? {})])].join(", ");
    throw new ConfigError(
      "config_invalid",
      `Error loading config.toml: model_provider \`${id}\` is not defined (known: ${known}); add a [model_providers.${id}] table`,
    );
  }
  const headers: Record<string, string> = { ...(entry.http_headers ?? {}) };
  for (const [header, variable] of Object.entries(entry.env_http_headers ?? {})) {
    const value = env[variable];
    if (value !== undefined && value.trim() !== "") headers[header] = value;
  }
  return {
    id,
    name: entry.name ?? id,
    baseUrl: baseUrlFor(id, entry, toml, env),
    wireApi: entry.wire_api ?? "responses",
    envKey: entry.env_key ?? null,
    envKeyInstructions: entry.env_key_instructions ?? null,
    bearerToken: entry.experimental_bearer_token ?? null,
    requiresKey: entry.requires_openai_auth ?? false,
    queryParams: entry.query_params ?? {},
    httpHeaders: headers,
    requestMaxRetries: Math.min(entry.request_max_retries ?? DEFAULTS.requestMaxRetries, MAX_RETRIES_CAP),
    streamMaxRetries: Math.min(entry.stream_max_retries ?? DEFAULTS.streamMaxRetries, MAX_RETRIES_CAP),
    streamIdleTimeoutMs: entry.stream_idle_timeout_ms ?? DEFAULTS.streamIdleTimeoutMs,
    retryBaseDelayMs: entry.retry_base_delay_ms ?? DEFAULTS.retryBaseDelayMs,
  };
}

function baseUrlFor(
  id: string,
  entry: ProviderToml,
  toml: ConfigToml,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const inConfig = (key: string): string => `Error loading config.toml: ${key}`;
  const inEnv = (name: string): string => `Error: ${name}`;
  if (id === "openai") {
    if (toml.openai_base_url !== undefined) return httpUrl(toml.openai_base_url, inConfig("openai_base_url"));
    const fromEnv = nonBlank(env["OPENAI_BASE_URL"]);
    return fromEnv ? httpUrl(fromEnv, inEnv("OPENAI_BASE_URL")) : OPENAI_DEFAULT_BASE_URL;
  }
  if (id === "ollama" || id === "lmstudio") {
    const whole = nonBlank(env["CODEX_OSS_BASE_URL"]);
    if (whole) return httpUrl(whole, inEnv("CODEX_OSS_BASE_URL"));
    const port = nonBlank(env["CODEX_OSS_PORT"]);
    if (port && entry.base_url) {
      if (!/^\d{1,5}$/.test(port.trim())) {
        throw new ConfigError("config_invalid", `${inEnv("CODEX_OSS_PORT")} is not a port number ("${port}"); set it like 11434 or unset it`);
      }
      return httpUrl(entry.base_url.replace(/:\d+\//, `:${port.trim()}/`), inEnv("CODEX_OSS_PORT"));
    }
  }
  if (!entry.base_url) {
    throw new ConfigError("config_invalid", `Error loading config.toml: model_providers.${id}.base_url is required`);
  }
  return httpUrl(entry.base_url, inConfig(`model_providers.${id}.base_url`));
}

/** `url` when it is an http(s) URL; otherwise a config error that starts with `where` and shows the form. */
function httpUrl(url: string, where: string): string {
  let protocol: string | null = null;
  try {
    protocol = new URL(url).protocol;
  } catch {
    // Not a URL at all: reported below.
  }
  if (protocol === "http:" || protocol === "https:") return url;
  throw new ConfigError("config_invalid", `${where} is not an http(s) URL ("${url}"); write it like http://localhost:8000/v1`);
}

function nonBlank(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== "" ? v : undefined;
}

/** The built-in `replay` provider's base URL: never contacted, the cassette answers. */
const REPLAY_BASE_URL = "http://replay.invalid/v1";

/** Under `--replay`, the built-in `replay` provider: no network, no key, none of the configured URL, headers or query. */
export function replayProvider(provider: ModelProviderInfo, wire: ModelProviderInfo["wireApi"]): ModelProviderInfo {
  return {
    ...provider,
    id: "replay",
    name: "replay",
    baseUrl: REPLAY_BASE_URL,
    wireApi: wire,
    envKey: null,
    envKeyInstructions: null,
    bearerToken: null,
    requiresKey: false,
    queryParams: {},
    httpHeaders: {},
  };
}
