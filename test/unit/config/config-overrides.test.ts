// `-c key=value`: TOML values, the string fallback, key paths and codex's error wording.

import { describe, expect, it } from "vitest";
import { overridesToTable, parseConfigOverride } from "../../../src/config/config-overrides.js";
import { ConfigError } from "../../../src/errors.js";

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("parseConfigOverride values", () => {
  it.each([
    { raw: "n=42", value: 42 },
    { raw: "n=-7", value: -7 },
    { raw: "f=1.5", value: 1.5 },
    { raw: "b=true", value: true },
    { raw: "b=false", value: false },
    { raw: 'model="o3"', value: "o3" },
    { raw: "model='literal'", value: "literal" },
    { raw: 'arr=[1, "two", false]', value: [1, "two", false] },
    { raw: "nested=[[1], [2, 3]]", value: [[1], [2, 3]] },
    { raw: 'tbl={ a = 1, b = "x" }', value: { a: 1, b: "x" } },
    { raw: "tbl={ inner = { deep = true } }", value: { inner: { deep: true } } },
    { raw: "  key  =   7  ", value: 7 },
  ])("$raw is a TOML value", ({ raw, value }) => {
    expect(parseConfigOverride(raw).value).toEqual(value);
  });

  it.each([
    { raw: "model=o3", value: "o3" },
    { raw: "model=gpt-5.5", value: "gpt-5.5" },
    { raw: "msg=hello world", value: "hello world" },
    { raw: 'model="o3', value: "o3" },
    { raw: "model='o3", value: "o3" },
    { raw: `model="'o3'"x`, value: `o3'"x` },
    { raw: "path=/usr/local/bin", value: "/usr/local/bin" },
    { raw: "empty=", value: "" },
    { raw: "url=http://127.0.0.1:8080/v1", value: "http://127.0.0.1:8080/v1" },
  ])("$raw falls back to a string with outer quotes stripped", ({ raw, value }) => {
    expect(parseConfigOverride(raw).value).toBe(value);
  });

  it("splits on the first '=' only", () => {
    expect(parseConfigOverride("a=b=c")).toEqual({ path: ["a"], value: "b=c" });
    expect(parseConfigOverride('a="b=c"')).toEqual({ path: ["a"], value: "b=c" });
  });
});

describe("parseConfigOverride key paths", () => {
  it.each([
    { raw: "model=x", path: ["model"] },
    { raw: "model_providers.mock.base_url=x", path: ["model_providers", "mock", "base_url"] },
    { raw: " profiles . fast . model =x", path: ["profiles", "fast", "model"] },
    { raw: 'model_providers."my.provider".name=x', path: ["model_providers", "my.provider", "name"] },
    { raw: "model_providers.'single.q'.name=x", path: ["model_providers", "single.q", "name"] },
    { raw: "use_legacy_landlock=true", path: ["features", "use_legacy_landlock"] },
  ])("$raw → $path", ({ raw, path }) => {
    expect(parseConfigOverride(raw).path).toEqual(path);
  });
});

describe("parseConfigOverride errors", () => {
  it.each([
    { raw: "model", message: "Error parsing -c overrides: Invalid override (missing '='): model" },
    { raw: "", message: "Error parsing -c overrides: Invalid override (missing '='): " },
    { raw: "=value", message: "Error parsing -c overrides: Empty key in override: =value" },
    { raw: "   =1", message: "Error parsing -c overrides: Empty key in override:    =1" },
    { raw: "a..b=1", message: "Error parsing -c overrides: Invalid key in override: a..b" },
    { raw: "a.=1", message: "Error parsing -c overrides: Invalid key in override: a." },
  ])("$raw → $message", ({ raw, message }) => {
    const err = thrown(() => parseConfigOverride(raw));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toMatchObject({ code: "config_override_invalid", message });
  });
});

describe("overridesToTable", () => {
  const table = (...raws: string[]): Record<string, unknown> => overridesToTable(raws.map(parseConfigOverride));

  it.each([
    { raws: [], want: {} },
    { raws: ["model=a"], want: { model: "a" } },
    { raws: ["model=a", "model=b"], want: { model: "b" } },
    { raws: ["a.b=1", "a.c=2"], want: { a: { b: 1, c: 2 } } },
    { raws: ["a.b=1", "a=2"], want: { a: 2 } },
    { raws: ["a=2", "a.b=1"], want: { a: { b: 1 } } },
    { raws: ["a=[1]", "a.b=1"], want: { a: { b: 1 } } },
    { raws: ["a={ x = 1 }", "a.y=2"], want: { a: { x: 1, y: 2 } } },
    {
      raws: ["model_providers.mock.base_url=http://h/v1", "model_providers.mock.wire_api=responses"],
      want: { model_providers: { mock: { base_url: "http://h/v1", wire_api: "responses" } } },
    },
  ])("$raws", ({ raws, want }) => {
    expect(table(...raws)).toEqual(want);
  });

  it("a `__proto__` key path is rejected and does not pollute Object.prototype", () => {
    try {
      expect(() => table("__proto__.polluted_by_override=1")).toThrow(
        "Error parsing -c overrides: Invalid key in override: __proto__.polluted_by_override",
      );
      expect(({} as Record<string, unknown>)["polluted_by_override"]).toBeUndefined();
    } finally {
      delete (Object.prototype as Record<string, unknown>)["polluted_by_override"];
    }
  });
});
