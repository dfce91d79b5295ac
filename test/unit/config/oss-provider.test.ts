// --oss: provider from --local-provider or oss_provider, model from -m or config, and the errors when missing.

import { describe, expect, it } from "vitest";
import { resolveOss } from "../../../src/config/oss-provider.js";
import { ConfigError } from "../../../src/errors.js";

describe("resolveOss", () => {
  it("without --oss: null, whatever the config says", () => {
    expect(resolveOss({ oss: false, localProvider: "ollama", model: undefined }, { oss_provider: "lmstudio" })).toBeNull();
  });

  it.each([
    { flags: { localProvider: "ollama" as const, model: "m1" }, toml: {}, want: { providerId: "ollama", model: "m1" } },
    { flags: { localProvider: undefined, model: undefined }, toml: { oss_provider: "lmstudio", model: "cfg" }, want: { providerId: "lmstudio", model: "cfg" } },
    { flags: { localProvider: "ollama" as const, model: undefined }, toml: { oss_provider: "lmstudio", model: "cfg" }, want: { providerId: "ollama", model: "cfg" } },
  ])("$flags + $toml → $want", ({ flags, toml, want }) => {
    expect(resolveOss({ oss: true, ...flags }, toml)).toEqual(want);
  });

  it("no provider anywhere: codex's message, exit 1", () => {
    const run = (): unknown => resolveOss({ oss: true, localProvider: undefined, model: "m" }, {});
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(
      "Error: No default OSS provider configured. Use --local-provider=provider or set oss_provider to one of: lmstudio, ollama in config.toml",
    );
  });

  it("an unsupported oss_provider is named", () => {
    expect(() => resolveOss({ oss: true, localProvider: undefined, model: "m" }, { oss_provider: "vllm" })).toThrow('oss_provider = "vllm"');
  });

  it("no model: says how to set one", () => {
    expect(() => resolveOss({ oss: true, localProvider: "ollama", model: undefined }, {})).toThrow(/--oss needs a model.*-m <model>/);
  });
});
