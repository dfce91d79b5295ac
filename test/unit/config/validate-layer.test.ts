// One config layer: unknown keys are collected as dotted paths, bad values name source and key.

import { describe, expect, it } from "vitest";
import { validateLayer } from "../../../src/config/validate-layer.js";
import { ConfigError } from "../../../src/errors.js";

const SOURCE = "/home/me/.codex/config.toml";

describe("validateLayer: known keys", () => {
  it("passes a valid layer through with no unknown keys", () => {
    const raw = {
      model: "gpt-5.5",
      model_reasoning_effort: "high",
      profiles: { fast: { model: "o3", approval_policy: "never" } },
      model_providers: { mock: { base_url: "http://127.0.0.1:1/v1", request_max_retries: 2, http_headers: { a: "b" } } },
    };
    expect(validateLayer(raw, SOURCE)).toEqual({ value: raw, unknownKeys: [], lenientKeys: [] });
  });

  it("accepts an empty layer", () => {
    expect(validateLayer({}, SOURCE)).toEqual({ value: {}, unknownKeys: [], lenientKeys: [] });
  });
});

describe("validateLayer: unknown keys", () => {
  it.each([
    { name: "top level", raw: { modle: "x", model: "y" }, unknown: ["modle"], lenient: [], value: { model: "y" } },
    {
      name: "inside a provider: lenient, not warned",
      raw: { model_providers: { x: { base_url: "u", foo: 1 } } },
      unknown: [],
      lenient: ["model_providers.x.foo"],
      value: { model_providers: { x: { base_url: "u" } } },
    },
    {
      name: "inside a profile: lenient, not warned",
      raw: { profiles: { fast: { model: "m", colour: "red" } } },
      unknown: [],
      lenient: ["profiles.fast.colour"],
      value: { profiles: { fast: { model: "m" } } },
    },
    {
      name: "a codex key we do not read: dropped quietly",
      raw: { check_for_update_on_startup: false, feedback: { enabled: false }, model: "y" },
      unknown: [],
      lenient: [],
      value: { model: "y" },
    },
    {
      name: "a codex key inside a provider: dropped quietly",
      raw: { model_providers: { x: { base_url: "u", aws: { region: "eu" }, supports_standalone_web_search: true } } },
      unknown: [],
      lenient: [],
      value: { model_providers: { x: { base_url: "u" } } },
    },
    {
      name: "an unknown feature name warns, a known one does not",
      raw: { features: { unified_exec: true, code_mode: { enabled: false }, no_such_feature: true } },
      unknown: ["features.no_such_feature"],
      lenient: [],
      value: {},
    },
    {
      name: "a typo inside a table we read warns",
      raw: { sandbox_workspace_write: { network_acces: true } },
      unknown: ["sandbox_workspace_write.network_acces"],
      lenient: [],
      value: { sandbox_workspace_write: {} },
    },
    {
      name: "a key 0.169 rejects still warns",
      raw: { sandbox_permissions: ["disk-full-read-access"], tools: { view_image: true, web_search: {} } },
      unknown: ["sandbox_permissions", "tools.view_image"],
      lenient: [],
      value: {},
    },
    {
      name: "several, at several depths",
      raw: { a: 1, b: 2, model_providers: { p: { base_url: "u", c: 3 }, q: { d: 4 } } },
      unknown: ["a", "b"],
      lenient: ["model_providers.p.c", "model_providers.q.d"],
      value: { model_providers: { p: { base_url: "u" }, q: {} } },
    },
  ])("$name", ({ raw, unknown, lenient, value }) => {
    const out = validateLayer(raw, SOURCE);
    expect([...out.unknownKeys].sort()).toEqual([...unknown].sort());
    expect([...out.lenientKeys].sort()).toEqual([...lenient].sort());
    expect(out.value).toEqual(value);
  });

  it("does not modify the raw table it was given", () => {
    const raw = { junk: 1, model_providers: { x: { base_url: "u", extra: true } } };
    validateLayer(raw, SOURCE);
    expect(raw).toEqual({ junk: 1, model_providers: { x: { base_url: "u", extra: true } } });
  });
});

describe("validateLayer: invalid values", () => {
  it.each([
    { name: "bad enum", raw: { model_reasoning_effort: "extreme" }, key: "`model_reasoning_effort`", got: '"extreme"' },
    { name: "wrong type", raw: { model: 5 }, key: "`model`", got: "5" },
    { name: "empty model", raw: { model: "" }, key: "`model`", got: '""' },
    { name: "bad sandbox", raw: { sandbox_mode: "yolo" }, key: "`sandbox_mode`", got: '"yolo"' },
    {
      name: "nested provider value",
      raw: { model_providers: { x: { request_max_retries: -1 } } },
      key: "`model_providers.x.request_max_retries`",
      got: "-1",
    },
    {
      name: "nested profile value",
      raw: { profiles: { p: { approval_policy: "sometimes" } } },
      key: "`profiles.p.approval_policy`",
      got: '"sometimes"',
    },
    { name: "wire api", raw: { model_providers: { x: { wire_api: "grpc" } } }, key: "`model_providers.x.wire_api`", got: '"grpc"' },
    { name: "run_timeout that is no duration", raw: { run_timeout: "1 fortnight" }, key: "`run_timeout`", got: '"1 fortnight"' },
    { name: "run_timeout beyond a timer's reach", raw: { run_timeout: "1000h" }, key: "`run_timeout`", got: '"1000h"' },
    {
      name: "idle timeout beyond a timer's reach",
      raw: { model_providers: { x: { stream_idle_timeout_ms: 2 ** 31 } } },
      key: "`model_providers.x.stream_idle_timeout_ms`",
      got: String(2 ** 31),
    },
  ])("$name → ConfigError naming source and key", ({ raw, key, got }) => {
    let err: unknown;
    try {
      validateLayer(raw, SOURCE);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.code).toBe("config_invalid");
    expect(e.message.startsWith(`Error loading config.toml: ${SOURCE}: ${key}: `)).toBe(true);
    expect(e.message).toContain(`(got ${got})`);
  });

  it("an invalid value wins over unknown keys in the same layer", () => {
    expect(() => validateLayer({ typo: 1, model: 5 }, "-c/--config override")).toThrow(
      /^Error loading config\.toml: -c\/--config override: `model`: /,
    );
  });

  it("a non-table layer is rejected at the top level", () => {
    expect(() => validateLayer("nope", SOURCE)).toThrow(ConfigError);
    expect(() => validateLayer("nope", SOURCE)).toThrow(/\(top level\)/);
  });
});
