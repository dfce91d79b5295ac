// Command-line parsing: codex exec's flags, the `exec` word, usage errors with exit code 2.

import { describe, expect, it } from "vitest";
import { exitCodeOf } from "../../../src/cli/exit-codes.js";
import { parseArgs, type ExecArgs } from "../../../src/cli/parse-args.js";
import { UsageError } from "../../../src/errors.js";
import { clapShaped, USAGE_ERRORS } from "../../support/usage-errors.js";

const VERSION = "9.8.7";
const UUID0 = "0199a0b1-2c3d-7e4f-8a5b-6c7d8e9f0a1b";

function runArgs(argv: string[]): ExecArgs {
  const r = parseArgs(argv, VERSION);
  if (r.kind !== "run") throw new Error(`expected a run, got ${r.kind}`);
  return r.args;
}

function usageError(argv: string[]): UsageError {
  try {
    parseArgs(argv, VERSION);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error("expected a UsageError");
}

const DEFAULTS: ExecArgs = {
  command: { kind: "exec" },
  prompt: undefined,
  images: [],
  model: undefined,
  config: [],
  profile: undefined,
  cd: undefined,
  sandbox: undefined,
  skipGitRepoCheck: false,
  bypassSandbox: false,
  addDirs: [],
  json: false,
  color: "auto",
  outputLastMessage: undefined,
  ignoreUserConfig: false,
  strictConfig: false,
  ephemeral: false,
  failOnFindings: undefined,
  outputSchema: undefined,
  reasoningEffort: undefined,
  maxOutputTokens: undefined,
  instructions: undefined,
  oss: false,
  localProvider: undefined,
  timeoutMs: undefined,
  idleTimeoutMs: undefined,
  maxTurns: undefined,
  maxTokens: undefined,
  maxCostUsd: undefined,
  summaryFile: undefined,
  jsonSummary: false,
  noStdin: false,
  failOnToolError: false,
  record: undefined,
  replay: undefined,
  replayLenient: false,
};

describe("parseArgs: run", () => {
  it("no arguments → defaults", () => {
    expect(runArgs([])).toEqual(DEFAULTS);
  });

  it.each([
    { argv: ["hello"], want: { prompt: "hello" } },
    { argv: ["exec", "hello"], want: { prompt: "hello" } },
    { argv: ["e", "hello"], want: { prompt: "hello" } },
    { argv: ["exec"], want: { prompt: undefined } },
    { argv: ["-"], want: { prompt: "-" } },
    { argv: ["--json", "p"], want: { json: true, prompt: "p" } },
    { argv: ["--experimental-json", "p"], want: { json: true, prompt: "p" } },
    { argv: ["-m", "o3"], want: { model: "o3" } },
    { argv: ["--model=gpt-5.5"], want: { model: "gpt-5.5" } },
    { argv: ["-p", "fast"], want: { profile: "fast" } },
    { argv: ["-C", "/tmp/x"], want: { cd: "/tmp/x" } },
    { argv: ["--cd", "rel"], want: { cd: "rel" } },
    { argv: ["-s", "workspace-write"], want: { sandbox: "workspace-write" } },
    { argv: ["--sandbox", "danger-full-access"], want: { sandbox: "danger-full-access" } },
    { argv: ["--skip-git-repo-check"], want: { skipGitRepoCheck: true } },
    { argv: ["--dangerously-bypass-approvals-and-sandbox"], want: { bypassSandbox: true } },
    { argv: ["--yolo", "p"], want: { bypassSandbox: true, prompt: "p" } },
    { argv: ["--add-dir", "/data"], want: { addDirs: ["/data"] } },
    { argv: ["--add-dir", "a", "--add-dir=b", "p"], want: { addDirs: ["a", "b"], prompt: "p" } },
    { argv: ["--color", "never"], want: { color: "never" } },
    { argv: ["--color=always"], want: { color: "always" } },
    { argv: ["-o", "out.txt"], want: { outputLastMessage: "out.txt" } },
    { argv: ["--output-last-message", "o.md"], want: { outputLastMessage: "o.md" } },
    { argv: ["--ignore-user-config", "--strict-config"], want: { ignoreUserConfig: true, strictConfig: true } },
    { argv: ["p", "--json"], want: { prompt: "p", json: true } },
    { argv: ["--oss", "p"], want: { oss: true, prompt: "p" } },
    { argv: ["--oss", "--local-provider", "ollama"], want: { oss: true, localProvider: "ollama" } },
    { argv: ["--local-provider=lmstudio", "--oss"], want: { oss: true, localProvider: "lmstudio" } },
    { argv: ["--record", "cassettes/a", "p"], want: { record: "cassettes/a", prompt: "p" } },
    { argv: ["--replay", "cassettes/a"], want: { replay: "cassettes/a" } },
    { argv: ["--replay", "c", "--replay-lenient"], want: { replay: "c", replayLenient: true } },
  ])("$argv", ({ argv, want }) => {
    expect(runArgs(argv)).toEqual({ ...DEFAULTS, ...want });
  });

  it("repeated -c / --config are collected in order", () => {
    expect(runArgs(["-c", "model=a", "--config", "x.y=1", "-c", 'z="q r"', "prompt"]).config).toEqual([
      "model=a",
      "x.y=1",
      'z="q r"',
    ]);
  });

  it("`exec` is only stripped as the first word", () => {
    expect(runArgs(["--json", "exec"]).prompt).toBe("exec");
  });

  it("a prompt that starts with a dash can follow --", () => {
    expect(runArgs(["--", "-not-a-flag"]).prompt).toBe("-not-a-flag");
  });
});

describe("parseArgs: print", () => {
  it.each([["--version"], ["-V"], ["exec", "--version"]])("%s prints the version", (...argv) => {
    expect(parseArgs(argv, VERSION)).toEqual({ kind: "print", text: "codex-exec 9.8.7\n" });
  });

  it("--help prints usage with the flags", () => {
    const r = parseArgs(["--help"], VERSION);
    expect(r.kind).toBe("print");
    const text = r.kind === "print" ? r.text : "";
    for (const flag of ["--model", "--config", "--json", "--skip-git-repo-check", "--output-last-message", "--add-dir", "--dangerously-bypass-approvals-and-sandbox"]) {
      expect(text).toContain(flag);
    }
    expect(text).not.toContain("--experimental-json");
    expect(text).not.toContain("--full-auto");
  });

  it("`help` prints the help and `help <command>` that command's, as `codex exec help` does", () => {
    const root = parseArgs(["exec", "help"], VERSION);
    expect(root).toEqual(parseArgs(["--help"], VERSION));
    const resume = parseArgs(["help", "resume"], VERSION);
    expect(resume.kind === "print" ? resume.text : "").toMatch(/^Usage: codex-exec resume /);
  });

  it("`-- help` is the prompt `help`; `help <unknown>` is a one-line usage error", () => {
    expect(runArgs(["--", "help"]).prompt).toBe("help");
    const err = usageError(["help", "nosuch"]);
    expect(exitCodeOf({ kind: "error", error: err })).toBe(2);
    expect(err.message.split("\n")[0]).toBe("error: unrecognized subcommand 'nosuch'");
  });
});

describe("parseArgs: usage errors", () => {
  it.each(USAGE_ERRORS)("$argv → clap-shaped UsageError, exit 2", ({ argv, error, usage, code }) => {
    const err = usageError(argv);
    expect(exitCodeOf({ kind: "error", error: err })).toBe(2);
    expect(err.code).toBe(code);
    expect(err.message).toBe(clapShaped(error, usage));
  });

  it("every message has exactly one `Usage:` line and ends with the hint (also after `exec`)", () => {
    for (const { argv } of USAGE_ERRORS) {
      const lines = usageError(["exec", ...argv]).message.split("\n");
      expect(lines[0]).toMatch(/^error: /);
      expect(lines.filter((l) => l.startsWith("Usage: "))).toHaveLength(1);
      expect(lines.at(-1)).toBe("For more information, try '--help'.");
    }
  });

  it.each([[["--full-auto"]], [["-s", "workspace-write", "--full-auto"]]])("%j is rejected (removed in codex 0.147)", (argv) => {
    expect(usageError(argv).message).toMatch(/^error: unexpected argument '--full-auto' found\n/);
  });

  it("flags are accepted where they mean something", () => {
    expect(runArgs(["--json", "--json-summary", "p"]).jsonSummary).toBe(true);
    expect(runArgs(["--replay", "c", "--replay-lenient"]).replayLenient).toBe(true);
    expect(parseArgs(["--fail-on-findings", "P1", "review", "--uncommitted"], VERSION)).toMatchObject({ args: { failOnFindings: 1 } });
  });
});

describe("help and schema", () => {
  it("`schema` is listed in --help", () => {
    const help = parseArgs(["--help"], VERSION);
    expect(help.kind === "print" ? help.text : "").toMatch(/^ {2}schema +print the JSON Schemas/m);
  });

  it.each([
    [["help", "exec"], /^Usage: codex-exec \[options\] \[command\] \[prompt\]\n/],
    [["exec", "help", "e"], /^Usage: codex-exec \[options\] \[command\] \[prompt\]\n/],
    [["help", "review"], /^Usage: codex-exec review \[options\] \[prompt\]\n/],
    [["help", "resume"], /^Usage: codex-exec resume \[options\] \[session_id\] \[prompt\]\n/],
    [["help", "fork"], /^Usage: codex-exec fork \[options\] <session_id> \[prompt\]\n/],
    [["help", "schema"], /^Usage: codex-exec schema \[options\]\n/],
  ])("%j prints that command's help", (argv, usage) => {
    const r = parseArgs(argv, VERSION);
    expect(r.kind).toBe("print");
    expect(r.kind === "print" ? r.text : "").toMatch(usage);
  });

  it("`schema` (also after `exec`) prints the JSON Schemas; `-- schema` is the prompt `schema`", () => {
    for (const argv of [["schema"], ["exec", "schema"]]) {
      const r = parseArgs(argv, VERSION);
      const schemas = JSON.parse(r.kind === "print" ? r.text : "null") as { schema_version: string; thread_event: object };
      expect(schemas.schema_version).toBe("1.0");
      expect(schemas.thread_event).toHaveProperty("$schema");
    }
    expect(runArgs(["--", "schema"]).prompt).toBe("schema");
  });
});

describe("fork", () => {
  it("without a prompt, the fork is promptless (it only copies the session)", () => {
    expect(runArgs(["fork", UUID0]).command).toEqual({ kind: "fork", sessionId: UUID0, promptless: true });
    expect(runArgs(["fork", UUID0, "go"]).command).toEqual({ kind: "fork", sessionId: UUID0, promptless: false });
    expect(runArgs(["fork", UUID0, "-"]).command).toEqual({ kind: "fork", sessionId: UUID0, promptless: false });
    expect(runArgs(["root", "fork", UUID0]).command).toEqual({ kind: "fork", sessionId: UUID0, promptless: false });
  });
});

describe("-i/--image", () => {
  it("takes one value per flag, splits commas, and never swallows the prompt", () => {
    expect(runArgs(["-i", "a.png", "fix it"])).toMatchObject({ images: ["a.png"], prompt: "fix it" });
    expect(runArgs(["-i", "a.png,b.png", "--image", "c.png", "go"])).toMatchObject({
      images: ["a.png", "b.png", "c.png"],
      prompt: "go",
    });
  });
});

describe("codex 0.169 flags with nothing to change", () => {
  it("--ignore-rules and --thread-source are accepted and change nothing", () => {
    expect(runArgs(["--ignore-rules", "--thread-source", "ci", "go"])).toEqual(runArgs(["go"]));
    expect(runArgs(["resume", "--last", "--ignore-rules", "go"])).toEqual(runArgs(["resume", "--last", "go"]));
  });
});

describe("a root prompt before `resume` / `fork`", () => {
  const UUID = "0199a0b1-2c3d-7e4f-8a5b-6c7d8e9f0a1b";

  it("`<prompt> resume --last` resumes with that prompt, as codex exec's tests call it", () => {
    expect(runArgs(["fix the test", "resume", "--last"])).toMatchObject({
      command: { kind: "resume", sessionId: undefined, last: true },
      prompt: "fix the test",
    });
  });

  it("options and their values before it are skipped; the subcommand's own prompt wins", () => {
    expect(runArgs(["--json", "-m", "gpt-5", "root", "resume", UUID])).toMatchObject({
      command: { kind: "resume", sessionId: UUID },
      prompt: "root",
      model: "gpt-5",
      json: true,
    });
    expect(runArgs(["root", "resume", UUID, "own"]).prompt).toBe("own");
    expect(runArgs(["root", "fork", UUID])).toMatchObject({ command: { kind: "fork", sessionId: UUID }, prompt: "root" });
  });

  it("an option value that reads `resume` is a value, and `review` keeps its own prompt rule", () => {
    expect(runArgs(["-m", "resume", "go"])).toMatchObject({ command: { kind: "exec" }, model: "resume", prompt: "go" });
    expect(exitCodeOf({ kind: "error", error: usageError(["fix", "review"]) })).toBe(2);
  });
});
