// loadConfig against real temp directories: layers, profiles, strict mode and file errors.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type LoadConfigOptions } from "../../../src/config/load-config.js";
import { ConfigError } from "../../../src/errors.js";

let home: string;

beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), "codex-exec-load-config-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const opts = (o: Partial<LoadConfigOptions> = {}): LoadConfigOptions => ({
  codexHome: home,
  overrides: [],
  ignoreUserConfig: false,
  strict: false,
  ...o,
});
const writeHome = (name: string, text: string): Promise<void> => writeFile(path.join(home, name), text);

async function rejection(p: Promise<unknown>): Promise<ConfigError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("expected loadConfig to reject");
}

describe("loadConfig layers", () => {
  it("no config.toml: empty config, no profile, no warnings", async () => {
    expect(await loadConfig(opts())).toEqual({ toml: {}, profile: null, warnings: [], lenientKeys: [] });
  });

  it("reads config.toml", async () => {
    await writeHome("config.toml", 'model = "from-file"\n[model_providers.mock]\nbase_url = "http://127.0.0.1:9/v1"\n');
    const out = await loadConfig(opts());
    expect(out.toml.model).toBe("from-file");
    expect(out.toml.model_providers?.["mock"]?.base_url).toBe("http://127.0.0.1:9/v1");
  });

  it.each([
    { name: "file only", profileFile: false, overrides: [], want: "file" },
    { name: "profile beats file", profileFile: true, overrides: [], want: "profile" },
    { name: "-c beats profile", profileFile: true, overrides: ['model="cli"'], want: "cli" },
    { name: "-c beats file", profileFile: false, overrides: ["model=cli"], want: "cli" },
    { name: "last -c wins", profileFile: false, overrides: ["model=one", "model=two"], want: "two" },
  ])("precedence: $name", async ({ profileFile, overrides, want }) => {
    await writeHome("config.toml", 'model = "file"\n[profiles.p]\nmodel = "profile"\n');
    const out = await loadConfig(opts({ overrides, ...(profileFile ? { profile: "p" } : {}) }));
    expect(out.toml.model).toBe(want);
  });

  it("merges tables across layers instead of replacing them", async () => {
    await writeHome("config.toml", '[model_providers.m]\nbase_url = "http://a/v1"\nname = "M"\n');
    const out = await loadConfig(opts({ overrides: ["model_providers.m.base_url=http://b/v1"] }));
    expect(out.toml.model_providers?.["m"]).toEqual({ base_url: "http://b/v1", name: "M" });
  });

  it("ignoreUserConfig skips config.toml", async () => {
    await writeHome("config.toml", 'model = "from-file"\n');
    expect((await loadConfig(opts({ ignoreUserConfig: true }))).toml.model).toBeUndefined();
  });

  it("a bad -c is reported before config.toml is read", async () => {
    await writeHome("config.toml", "this is = = not toml");
    const err = await rejection(loadConfig(opts({ overrides: ["novalue"] })));
    expect(err.message).toBe("Error parsing -c overrides: Invalid override (missing '='): novalue");
  });
});

describe("loadConfig profiles", () => {
  it("[profiles.x] selected by --profile", async () => {
    await writeHome("config.toml", 'model = "base"\n[profiles.fast]\nmodel = "quick"\nmodel_reasoning_effort = "low"\n');
    const out = await loadConfig(opts({ profile: "fast" }));
    expect(out.profile).toBe("fast");
    expect(out.toml.model).toBe("quick");
    expect(out.toml.model_reasoning_effort).toBe("low");
  });

  it("[profiles.x] selected by the `profile` key", async () => {
    await writeHome("config.toml", 'profile = "fast"\nmodel = "base"\n[profiles.fast]\nmodel = "quick"\n');
    const out = await loadConfig(opts());
    expect(out).toMatchObject({ profile: "fast", toml: { model: "quick" } });
  });

  it("`-c profile=x` selects a profile too", async () => {
    await writeHome("config.toml", '[profiles.fast]\nmodel = "quick"\n');
    expect(await loadConfig(opts({ overrides: ["profile=fast"] }))).toMatchObject({ profile: "fast", toml: { model: "quick" } });
  });

  it("`-c profiles.x.key=…` adjusts the profile key by key; the rest of [profiles.x] stays", async () => {
    await writeHome("config.toml", 'profile = "p1"\n[profiles.p1]\nmodel_reasoning_effort = "high"\nmodel_verbosity = "high"\n');
    await writeHome("p1.config.toml", 'model = "from-file"\nmodel_verbosity = "medium"\n');
    const out = await loadConfig(opts({ overrides: ["profiles.p1.model=gpt-5.2"] }));
    expect(out.toml).toMatchObject({ model: "gpt-5.2", model_reasoning_effort: "high", model_verbosity: "medium" });
  });

  it("$CODEX_HOME/x.config.toml", async () => {
    await writeHome("config.toml", 'model = "base"\nsandbox_mode = "read-only"\n');
    await writeHome("ci.config.toml", 'model = "ci-model"\n');
    const out = await loadConfig(opts({ profile: "ci" }));
    expect(out.toml).toMatchObject({ model: "ci-model", sandbox_mode: "read-only" });
  });

  it("x.config.toml without any config.toml", async () => {
    await writeHome("ci.config.toml", 'model = "ci-model"\n');
    expect((await loadConfig(opts({ profile: "ci" }))).toml.model).toBe("ci-model");
  });

  it("missing profile → config_profile_missing naming both places to define it", async () => {
    await writeHome("config.toml", 'model = "base"\n');
    const err = await rejection(loadConfig(opts({ profile: "nope" })));
    expect(err.code).toBe("config_profile_missing");
    expect(err.message).toContain("config profile `nope` not found");
    expect(err.message).toContain("[profiles.nope]");
    expect(err.message).toContain(path.join(home, "nope.config.toml"));
  });

  it.each(["../etc", "a/b", "sp ace", "dot.ted"])("rejects profile name %j", async (name) => {
    const err = await rejection(loadConfig(opts({ profile: name })));
    expect(err.code).toBe("config_invalid");
    expect(err.message).toContain(`invalid profile name \`${name}\``);
  });
});

describe("loadConfig unknown keys", () => {
  it("non-strict: unknown keys become warnings naming key and source", async () => {
    await writeHome("config.toml", 'modle = "typo"\n[model_providers.x]\nbase_url = "u"\nfoo = 1\n');
    const out = await loadConfig(opts({ overrides: ["bogus_key=1"] }));
    const file = path.join(home, "config.toml");
    expect(out.warnings).toEqual(
      expect.arrayContaining([
        `ignoring unknown configuration field \`modle\` in ${file}`,
        "ignoring unknown configuration field `bogus_key` in -c/--config override",
      ]),
    );
    expect(out.warnings).toHaveLength(2);
    expect(out.lenientKeys).toEqual(["model_providers.x.foo"]);
    expect(out.toml).toEqual({ model_providers: { x: { base_url: "u" } } });
  });

  it("strict: an unknown key in config.toml is an error", async () => {
    await writeHome("config.toml", 'modle = "typo"\n');
    const err = await rejection(loadConfig(opts({ strict: true })));
    expect(err.code).toBe("config_invalid");
    expect(err.message).toBe(
      `Error loading config.toml: unknown configuration field \`modle\` in ${path.join(home, "config.toml")}`,
    );
  });

  it("strict: an unknown -c key is an error with codex's wording", async () => {
    const err = await rejection(loadConfig(opts({ strict: true, overrides: ["bogus_key=1"] })));
    expect(err.message).toBe("Error loading config.toml: unknown configuration field `bogus_key` in -c/--config override");
  });

  it("strict: an unknown key in a profile file names that file", async () => {
    await writeHome("ci.config.toml", "whatever = true\n");
    const err = await rejection(loadConfig(opts({ strict: true, profile: "ci" })));
    expect(err.message).toContain(`\`whatever\` in ${path.join(home, "ci.config.toml")}`);
  });

  it("strict with only known keys loads normally", async () => {
    await writeHome("config.toml", 'model = "m"\n');
    expect(await loadConfig(opts({ strict: true }))).toEqual({ toml: { model: "m" }, profile: null, warnings: [], lenientKeys: [] });
  });
});

describe("loadConfig file errors", () => {
  it("TOML syntax error names file:line:col", async () => {
    await writeHome("config.toml", 'model = "ok"\nbroken = = 1\n');
    const err = await rejection(loadConfig(opts()));
    const file = path.join(home, "config.toml");
    expect(err.code).toBe("config_invalid");
    expect(err.message).toMatch(new RegExp(`^Error loading config\\.toml: ${escapeRe(file)}:2:\\d+: `));
    expect(err.message.split("\n")).toHaveLength(1);
  });

  it("TOML syntax error in a profile file names that file", async () => {
    await writeHome("ci.config.toml", "[unclosed\n");
    const err = await rejection(loadConfig(opts({ profile: "ci" })));
    expect(err.message).toMatch(new RegExp(`${escapeRe(path.join(home, "ci.config.toml"))}:1:\\d+: `));
  });

  it("an invalid value in config.toml names file and key", async () => {
    await writeHome("config.toml", 'model_reasoning_effort = "extreme"\n');
    const err = await rejection(loadConfig(opts()));
    expect(err.message).toContain(`${path.join(home, "config.toml")}: \`model_reasoning_effort\``);
  });

  it("a config.toml that is not UTF-8 (Latin-1 `café`) is refused, not loaded with U+FFFD", async () => {
    await writeFile(path.join(home, "config.toml"), Buffer.from('model = "caf\xe9"\n', "latin1"));
    const err = await rejection(loadConfig(opts()));
    expect(err.code).toBe("config_invalid");
    expect(err.message).toBe(`Error loading config.toml: ${path.join(home, "config.toml")}: not UTF-8 text; save it as UTF-8`);
  });

  it("a UTF-8 byte-order mark is accepted", async () => {
    await writeFile(path.join(home, "config.toml"), Buffer.from('\ufeffmodel = "m"\n', "utf8"));
    expect((await loadConfig(opts())).toml).toEqual({ model: "m" });
  });

  it("an unreadable config.toml (a directory) is config_unreadable", async () => {
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(home, "config.toml"));
    const err = await rejection(loadConfig(opts()));
    expect(err.code).toBe("config_unreadable");
    expect(err.message).toContain(path.join(home, "config.toml"));
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
