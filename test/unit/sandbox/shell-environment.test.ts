// shellEnvironment: [shell_environment_policy] (spec core §4.5) plus removal of codex-exec's own API keys.

import { describe, expect, it } from "vitest";
import {
  DEFAULT_SHELL_ENVIRONMENT_POLICY,
  shellEnvironment,
  type ShellEnvironmentPolicy,
} from "../../../src/sandbox/shell-environment.js";

const PARENT: Record<string, string | undefined> = {
  PATH: "/usr/bin:/bin",
  HOME: "/home/me",
  SHELL: "/bin/bash",
  TMPDIR: "/tmp/me",
  LANG: "en_US.UTF-8",
  USER: "me",
  EDITOR: "vim",
  GITHUB_TOKEN: "ghp_x",
  AWS_SECRET_ACCESS_KEY: "aws",
  my_api_key: "lower",
  Monkey: "banana",
  OPENAI_API_KEY: "sk-openai",
  CODEX_API_KEY: "sk-codex",
  MOCK_KEY: "sk-provider",
  UNSET: undefined,
};

const SECRETS = ["CODEX_API_KEY", "OPENAI_API_KEY", "MOCK_KEY"];

const policy = (over: Partial<ShellEnvironmentPolicy> = {}): ShellEnvironmentPolicy => ({ ...DEFAULT_SHELL_ENVIRONMENT_POLICY, ...over });
const names = (env: Record<string, string>): string[] => Object.keys(env).sort();

describe("shellEnvironment", () => {
  it("defaults match codex: inherit all, default excludes skipped", () => {
    expect(DEFAULT_SHELL_ENVIRONMENT_POLICY).toEqual({ inherit: "all", ignoreDefaultExcludes: true, exclude: [], set: {}, includeOnly: [] });
  });

  it("inherit = all: everything but our API keys (and unset values)", () => {
    const env = shellEnvironment(PARENT, policy(), SECRETS);
    expect(names(env)).toEqual(
      ["AWS_SECRET_ACCESS_KEY", "EDITOR", "GITHUB_TOKEN", "HOME", "LANG", "Monkey", "PATH", "SHELL", "TMPDIR", "USER", "my_api_key"].sort(),
    );
    expect(env["PATH"]).toBe("/usr/bin:/bin");
  });

  it("our API keys are removed whatever the policy says, unless `set` names them", () => {
    expect(shellEnvironment(PARENT, policy({ includeOnly: ["*"] }), SECRETS)).not.toHaveProperty("OPENAI_API_KEY");
    expect(shellEnvironment(PARENT, policy({ inherit: "core" }), SECRETS)).not.toHaveProperty("MOCK_KEY");
    const put = shellEnvironment(PARENT, policy({ set: { OPENAI_API_KEY: "sk-explicit" } }), SECRETS);
    expect(put["OPENAI_API_KEY"]).toBe("sk-explicit");
    expect(put).not.toHaveProperty("CODEX_API_KEY");
    expect(put).not.toHaveProperty("MOCK_KEY");
  });

  it("inherit = core: only the core variables", () => {
    expect(names(shellEnvironment(PARENT, policy({ inherit: "core" }), SECRETS))).toEqual(
      ["HOME", "LANG", "PATH", "SHELL", "TMPDIR", "USER"].sort(),
    );
  });

  it("inherit = none: empty, then `set`", () => {
    expect(shellEnvironment(PARENT, policy({ inherit: "none" }), SECRETS)).toEqual({});
    expect(shellEnvironment(PARENT, policy({ inherit: "none", set: { FOO: "bar" } }), SECRETS)).toEqual({ FOO: "bar" });
  });

  it("ignore_default_excludes = false drops *KEY*, *SECRET*, *TOKEN* case-insensitively", () => {
    expect(names(shellEnvironment(PARENT, policy({ ignoreDefaultExcludes: false }), SECRETS))).toEqual(
      ["EDITOR", "HOME", "LANG", "PATH", "SHELL", "TMPDIR", "USER"].sort(),
    );
  });

  it("exclude: case-insensitive wildcards (* and ?), not regexes", () => {
    const env = shellEnvironment(PARENT, policy({ exclude: ["aws_*", "edit?r", "LAN."] }), SECRETS);
    expect(env).not.toHaveProperty("AWS_SECRET_ACCESS_KEY");
    expect(env).not.toHaveProperty("EDITOR");
    expect(env).toHaveProperty("LANG"); // `.` is literal
    expect(env).toHaveProperty("HOME");
  });

  it("set adds and overrides after the excludes", () => {
    const env = shellEnvironment(PARENT, policy({ exclude: ["*"], set: { FOO: "bar", HOME: "/elsewhere" } }), SECRETS);
    expect(env).toEqual({ FOO: "bar", HOME: "/elsewhere" });
  });

  it("include_only keeps matching names last, `set` entries included only if they match", () => {
    const env = shellEnvironment(PARENT, policy({ includeOnly: ["path", "h*"], set: { HELLO: "1", FOO: "bar" } }), SECRETS);
    expect(env).toEqual({ PATH: "/usr/bin:/bin", HOME: "/home/me", HELLO: "1" });
  });

  it("inherited FORCE_COLOR and CLICOLOR_FORCE are dropped (NO_COLOR must win for tools); `set` may still name them", () => {
    const parent = { ...PARENT, FORCE_COLOR: "1", CLICOLOR_FORCE: "1", CLICOLOR: "1", NO_COLOR: "" };
    for (const p of [policy(), policy({ inherit: "core", includeOnly: ["*COLOR*"] }), policy({ includeOnly: ["*"] })]) {
      const env = shellEnvironment(parent, p, SECRETS);
      expect(env).not.toHaveProperty("FORCE_COLOR");
      expect(env).not.toHaveProperty("CLICOLOR_FORCE");
    }
    expect(shellEnvironment(parent, policy(), SECRETS)).toMatchObject({ CLICOLOR: "1", NO_COLOR: "" });
    const put = shellEnvironment(parent, policy({ set: { FORCE_COLOR: "3" } }), SECRETS);
    expect(put["FORCE_COLOR"]).toBe("3");
    expect(put).not.toHaveProperty("CLICOLOR_FORCE");
  });

  it("does not modify its input", () => {
    const copy = { ...PARENT };
    shellEnvironment(PARENT, policy({ inherit: "none", set: { A: "b" } }), SECRETS);
    expect(PARENT).toEqual(copy);
  });
});
