// End to end: failures before any model request — the git check, usage errors, --version/--help (spec §2.1, §3.4, §8).

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reply } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import { clapShaped, USAGE_ERRORS } from "../support/usage-errors.js";

const GIT_MESSAGE = "Not inside a trusted directory and --skip-git-repo-check was not specified.";

describe.concurrent("git check", () => {
  it("outside a git repo: exactly the git message, exit 1, no request, empty stdout", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])], { git: false });
    // `-` reads the prompt without a notice, so the git message is the only stderr line.
    const r = await runCli(["-"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "hello" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${GIT_MESSAGE}\n`);
    expect(r.stdout).toBe("");
    expect(mock.requests).toHaveLength(0);
  });

  it("outside a git repo with --json: same message on stderr, nothing on stdout", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])], { git: false });
    const r = await runCli(["--json", "-"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "hello" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${GIT_MESSAGE}\n`);
    expect(r.stdout).toBe("");
    expect(mock.requests).toHaveLength(0);
  });

  it("the stdin notice comes first: prompt resolution precedes the git check", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])], { git: false });
    const r = await runCli(["hello"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: null });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Reading additional input from stdin...\n${GIT_MESSAGE}\n`);
    expect(r.stdout).toBe("");
    expect(mock.requests).toHaveLength(0);
  });

  it("--skip-git-repo-check runs outside a repo", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ran anyway" }])], { git: false });
    const r = await runCli(["--json", "--skip-git-repo-check", "hello"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(sequence(parseJsonl(r.stdout))).toEqual([
      "thread.started",
      "turn.started",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(mock.requests).toHaveLength(1);
  });

  it("a subdirectory of a repo passes (the check walks up)", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const sub = path.join(ws.repo, "a", "b");
    await mkdir(sub, { recursive: true });
    const r = await runCli(["--json", "hello"], { cwd: sub, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(1);
  });

  it("a `.git` file (worktree / submodule) counts as a repo", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])], { git: false });
    await writeFile(path.join(ws.repo, ".git"), "gitdir: /somewhere/else\n");
    const r = await runCli(["--json", "hello"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(1);
  });

  it("a `.git` directory without HEAD does not count", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])], { git: false });
    await mkdir(path.join(ws.repo, ".git"));
    const r = await runCli(["-"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "hello" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${GIT_MESSAGE}\n`);
    expect(mock.requests).toHaveLength(0);
  });

  it("-C moves the check to the given directory", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    // Process cwd is the (non-git) root; -C points into the repo.
    const r = await runCli(["--json", "-C", ws.repo, "hello"], { cwd: ws.root, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests).toHaveLength(1);
  });
});

describe.concurrent("usage errors and informational flags", () => {
  it("every usage error: clap's shape on stderr (error, usage line, --help hint), exit 2, nothing sent", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const runs = await Promise.all(USAGE_ERRORS.map(({ argv }) => runCli(argv, { cwd: ws.repo, codexHome: ws.codexHome, stdin: null })));
    for (const [i, { argv, error, usage }] of USAGE_ERRORS.entries()) {
      const r = runs[i];
      expect({ argv, code: r?.code, stdout: r?.stdout, stderr: r?.stderr }).toEqual({ argv, code: 2, stdout: "", stderr: `${clapShaped(error, usage)}\n` });
    }
    expect(mock.requests).toHaveLength(0);
  });

  it("the removed --full-auto flag is a usage error (exit 2)", async (ctx) => {
    const { ws } = await scenario(ctx, []);
    const r = await runCli(["--full-auto", "hello"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(2);
    // codex ≥ 0.147 (clap): `error: unexpected argument '--full-auto' found` (spec exec-frontend §2.2).
    expect(r.stderr.split("\n")[0]).toBe("error: unexpected argument '--full-auto' found");
    expect(r.stdout).toBe("");
  });

  it("--version prints `codex-exec 0.1.0`, exit 0 (also after `exec`)", async (ctx) => {
    const { ws } = await scenario(ctx, []);
    const a = await runCli(["--version"], { cwd: ws.repo, codexHome: ws.codexHome });
    const b = await runCli(["exec", "-V"], { cwd: ws.repo, codexHome: ws.codexHome });
    for (const r of [a, b]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("codex-exec 0.1.0\n");
      expect(r.stderr).toBe("");
    }
  });

  it("--help prints usage on stdout, exit 0, and sends nothing", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const r = await runCli(["--help"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: codex-exec /);
    expect(r.stdout).toContain("--skip-git-repo-check");
    expect(r.stdout).toContain("--output-last-message");
    expect(r.stderr).toBe("");
    expect(mock.requests).toHaveLength(0);
  });

  it("--help lists `schema`; `help exec|review|resume|fork|schema` print that command's help, exit 0", async (ctx) => {
    const { ws } = await scenario(ctx, []);
    const opts = { cwd: ws.repo, codexHome: ws.codexHome };
    const help = await runCli(["--help"], opts);
    expect(help.stdout).toMatch(/^ {2}schema +print the JSON Schemas/m);
    const names = ["exec", "review", "resume", "fork", "schema"];
    const runs = await Promise.all(names.map((name) => runCli(["help", name], opts)));
    for (const [i, name] of names.entries()) {
      const r = runs[i];
      const usage = name === "exec" ? "Usage: codex-exec [options] [command] [prompt]\n" : `Usage: codex-exec ${name} [options]`;
      expect({ name, code: r?.code, stderr: r?.stderr, starts: r?.stdout.startsWith(usage) }).toEqual({ name, code: 0, stderr: "", starts: true });
    }
  });

  it("--add-dir naming a missing directory fails with exit 1, naming it and the fix, before any request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])], { files: { "afile.txt": "x" } });
    const opts = { cwd: ws.repo, codexHome: ws.codexHome };
    const [missing, file] = await Promise.all([
      runCli(["-s", "workspace-write", "--add-dir", "no-such-dir", "hello"], opts),
      runCli(["-s", "workspace-write", "--add-dir", "afile.txt", "hello"], opts),
    ]);
    expect([missing.code, file.code]).toEqual([1, 1]);
    expect(missing.stderr).toBe("Error: --add-dir no-such-dir: no such directory; create it first, or leave out the flag\n");
    expect(file.stderr).toBe("Error: --add-dir afile.txt: not a directory\n");
    expect(missing.stdout + file.stdout).toBe("");
    expect(mock.requests).toHaveLength(0);
    const ok = await runCli(["-s", "workspace-write", "--add-dir", ws.root, "hello"], { ...opts, stdin: null });
    expect(ok.code, ok.stderr).toBe(0);
  });

  it("-C to a missing directory fails with exit 1 before any request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const r = await runCli(["-C", "does-not-exist", "hello"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("does-not-exist");
    expect(mock.requests).toHaveLength(0);
  });

  it("paths running through a file (-C, CODEX_HOME, -o, --summary-file) fail in one line, never a stack trace", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])], { files: { "afile.txt": "x" } });
    const through = path.join(ws.repo, "afile.txt", "below");
    const opts = { cwd: ws.repo, codexHome: ws.codexHome };
    const [cd, home, out, summary] = await Promise.all([
      runCli(["-C", through, "hello"], opts),
      runCli(["hello"], { ...opts, env: { CODEX_HOME: through } }),
      runCli(["-o", path.join(through, "last.txt"), "-"], { ...opts, stdin: "hello" }),
      runCli(["--summary-file", path.join(through, "s.json"), "--timeout", "bogus", "hello"], opts),
    ]);
    expect([cd.code, home.code, out.code, summary.code]).toEqual([1, 1, 1, 2]);
    expect(cd.stderr).toBe(`Error: --cd ${through}: a part of the path is not a directory\n`);
    expect(home.stderr).toMatch(/^Error finding codex home: CODEX_HOME is set to ".*", which cannot be read \(a part of the path is not a directory\); create it or unset CODEX_HOME\n$/);
    expect(out.stderr).toContain("Failed to open last message file");
    expect(summary.stderr).toContain("warning: could not write the summary file");
    for (const r of [cd, home, out, summary]) {
      expect(r.stderr).not.toContain("    at ");
      expect(r.stderr).not.toContain("internal error");
    }
    expect(mock.requests).toHaveLength(0);
  });

  it("CODEX_HOME pointing at a missing directory fails with exit 1 naming it", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const missing = path.join(ws.root, "no-such-home");
    const r = await runCli(["hello"], { cwd: ws.repo, codexHome: ws.codexHome, env: { CODEX_HOME: missing } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^Error finding codex home: .*no-such-home/);
    expect(mock.requests).toHaveLength(0);
  });
});

describe.concurrent("which startup error wins (spec §3: -c, then cwd, then CODEX_HOME, then config, then prompt, then git)", () => {
  it("a bad -c beats a missing -C directory", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const r = await runCli(["-c", "oops", "-C", "does-not-exist", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error parsing -c overrides: Invalid override (missing '='): oops\n");
    expect(mock.requests).toHaveLength(0);
  });

  it("a bad -c beats a missing CODEX_HOME", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const r = await runCli(["-c", "oops", "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { CODEX_HOME: path.join(ws.root, "no-such-home") },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error parsing -c overrides: Invalid override (missing '='): oops\n");
    expect(mock.requests).toHaveLength(0);
  });

  it("a broken config.toml beats a missing prompt, and stdin is not read (no notice)", async (ctx) => {
    const { ws, mock, configPath } = await scenario(ctx, [reply([{ message: "ok" }])]);
    await writeFile(configPath, "not = valid = toml\n");
    const r = await runCli([], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "" });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("Reading prompt from stdin...");
    expect(r.stderr).toMatch(/^Error loading config\.toml: .*config\.toml:1:\d+/);
    expect(r.stderr.split("\n").filter((l) => l !== "")).toHaveLength(1);
    expect(mock.requests).toHaveLength(0);
  });
});
