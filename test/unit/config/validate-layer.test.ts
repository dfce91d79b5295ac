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
    expect(validateLayer(raw, SOURCE)).toEqual({ value: raw, unknownKeys: [] });
  });

  it("accepts an empty layer", () => {
    expect(validateLayer({}, SOURCE)).toEqual({ value: {}, unknownKeys: [] });
  });
});

describe("validateLayer: unknown keys", () => {
  it.each([
    { name: "top level", raw: { modle: "x", model: "y" }, unknown: ["modle"], value: { model: "y" } },
    {
      name: "inside a provider",
      raw: { model_providers: { x: { base_url: "u", foo: 1 } } },
      unknown: ["model_providers.x.foo"],
      value: { model_providers: { x: { base_url: "u" } } },
    },
    {
      name: "inside a profile",
      raw: { profiles: { fast: { model: "m", colour: "red" } } },
      unknown: ["profiles.fast.colour"],
      value: { profiles: { fast: { model: "m" } } },
    },
    {
      name: "several, at several depths",
      raw: { a: 1, b: 2, model_providers: { p: { base_url: "u", c: 3 }, q: { d: 4 } } },
      unknown: ["a", "b", "model_providers.p.c", "model_providers.q.d"],
      value: { model_providers: { p: { base_url: "u" }, q: {} } },
    },
  ])("$name", ({ raw, unknown, value }) => {
    const out = validateLayer(raw, SOURCE);
    expect([...out.unknownKeys].sort()).toEqual([...unknown].sort());
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
