// End to end: both Linux backends (bwrap, Landlock) enforce the same policies, also where bwrap cannot make namespaces.
//
// `codex-exec sandbox --mode M -- CMD` runs one command exactly as an agent run would. The restricted
// setup reproduces Ubuntu 24.04 runners and Docker without root: an outer user namespace whose
// max_user_namespaces leaves none for bwrap, and an unprivileged uid inside it.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, type TestContext } from "vitest";
import { reply } from "../support/mock-responses-server.js";
import { BIN, parseJsonl, runCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import { listenTcp, type TcpListener } from "../support/tcp-listener.js";
import { makeWorkspace, type Workspace } from "../support/temp-repo.js";

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawn `argv` with a private environment; `restricted` wraps it in the namespace setup bwrap cannot work in. */
function spawnIn(argv: readonly string[], opts: { cwd: string; home: string; env?: Record<string, string>; restricted?: boolean }): Promise<Ran> {
  const inner = opts.restricted
    ? [
        "unshare",
        "-Ur",
        "sh",
        "-c",
        'echo 1 > /proc/sys/user/max_user_namespaces && exec unshare --user --map-user=1000 --map-group=1000 "$@"',
        "sh",
        ...argv,
      ]
    : [...argv];
  return new Promise((resolve) => {
    const child = spawn(inner[0] ?? "false", inner.slice(1), {
      cwd: opts.cwd,
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: opts.home, CODEX_HOME: opts.home, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Keeps /tmp out of the writable roots: the temp trees live there, and "outside" would be writable too. */
const NO_SLASH_TMP = "[sandbox_workspace_write]\nexclude_slash_tmp = true\n";

async function workspace(ctx: TestContext): Promise<Workspace & { sibling: string }> {
  const ws = await makeWorkspace({ files: { "notes.txt": "hello\n" }, config: NO_SLASH_TMP });
  ctx.onTestFinished(() => ws.cleanup());
  const sibling = path.join(ws.root, "sibling");
  mkdirSync(sibling);
  mkdirSync(path.join(ws.repo, "src"));
  return { ...ws, sibling };
}

/** A loopback TCP server that counts connections; closed with the test. */
async function listener(ctx: TestContext): Promise<TcpListener> {
  const server = await listenTcp();
  ctx.onTestFinished(() => server.close());
  return server;
}

/** The command that connects to `port` (node is on every test machine); exit 0 when the connection worked. */
const connectCmd = (port: number): string =>
  `${process.execPath} -e 'const s=require("net").connect(${port},"127.0.0.1");s.on("connect",()=>process.exit(0));s.on("error",e=>{console.error(e.code);process.exit(3)})'`;

const SETUPS = [
  { name: "bwrap", env: { CODEX_EXEC_SANDBOX_BACKEND: "bwrap" }, restricted: false },
  { name: "landlock", env: { CODEX_EXEC_SANDBOX_BACKEND: "landlock" }, restricted: false },
  { name: "auto where bwrap cannot make namespaces", env: {}, restricted: true },
] as const;

describe.concurrent.each(SETUPS)("sandbox backend: $name", ({ env, restricted }) => {
  const sandboxed = (ws: Workspace, mode: string, script: string): Promise<Ran> =>
    spawnIn([process.execPath, BIN, "sandbox", "--mode", mode, "--", "/bin/sh", "-c", script], { cwd: ws.repo, home: ws.codexHome, env, restricted });

  it("workspace-write: commands run, the workspace is writable, outside is not, .git/hooks is not", async (ctx) => {
    const ws = await workspace(ctx);
    const ok = await sandboxed(ws, "workspace-write", "cat notes.txt && echo a > src/a.txt && mkdir -p src/deep && echo b > src/deep/b.txt && echo c >> notes.txt");
    expect(ok, ok.stderr).toMatchObject({ code: 0, stdout: "hello\n" });
    expect(readFileSync(path.join(ws.repo, "src", "deep", "b.txt"), "utf8")).toBe("b\n");
    const outside = await sandboxed(ws, "workspace-write", `echo x > ${ws.sibling}/out.txt`);
    expect(outside.code).not.toBe(0);
    expect(existsSync(path.join(ws.sibling, "out.txt"))).toBe(false);
    const hook = await sandboxed(ws, "workspace-write", "echo 'evil' > .git/hooks/pre-commit");
    expect(hook.code).not.toBe(0);
    expect(existsSync(path.join(ws.repo, ".git", "hooks", "pre-commit"))).toBe(false);
    const config = await sandboxed(ws, "workspace-write", "echo '[core]' >> .git/config");
    expect(config.code).not.toBe(0);
    expect(readFileSync(path.join(ws.repo, ".git", "config"), "utf8")).not.toContain("[core]\n[core]");
  });

  it("read-only: reads work, every write is refused, /dev/null still takes output", async (ctx) => {
    const ws = await workspace(ctx);
    const read = await sandboxed(ws, "read-only", "cat notes.txt && echo quiet > /dev/null");
    expect(read, read.stderr).toMatchObject({ code: 0, stdout: "hello\n" });
    const write = await sandboxed(ws, "read-only", "echo x > src/new.txt");
    expect(write.code).not.toBe(0);
    expect(existsSync(path.join(ws.repo, "src", "new.txt"))).toBe(false);
  });

  it.for(["read-only", "workspace-write"])("%s: a TCP connect to a listening loopback port is blocked", async (mode, ctx) => {
    const ws = await workspace(ctx);
    const server = await listener(ctx);
    const r = await sandboxed(ws, mode, connectCmd(server.port));
    expect(r.code).not.toBe(0);
    expect(server.connections()).toBe(0);
  });

  it("with network_access, the same connect works (the filter is what blocked it)", async (ctx) => {
    const ws = await workspace(ctx);
    writeFileSync(path.join(ws.codexHome, "config.toml"), `${NO_SLASH_TMP}network_access = true\n`);
    const server = await listener(ctx);
    const r = await sandboxed(ws, "workspace-write", connectCmd(server.port));
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(server.connections()).toBe(1);
  });
});

describe.concurrent("where bwrap cannot make namespaces", () => {
  it("an agent run uses Landlock: the header says so, commands run, apply_patch adds a file at the top of the repo", async (ctx) => {
    const patch = "*** Begin Patch\n*** Add File: top.txt\n+made by apply_patch\n*** End Patch";
    const { ws } = await scenario(ctx, [
      reply([{ functionCall: { name: "exec_command", arguments: { cmd: "cat README.md && touch made-by-command.txt" }, callId: "c1" } }]),
      reply([{ customToolCall: { name: "apply_patch", input: patch } }]),
      reply([{ message: "done" }]),
    ], { files: { "README.md": "# readme\n" } });
    const summary = path.join(ws.root, "summary.json");
    const r = await spawnIn([process.execPath, BIN, "--color", "never", "-s", "workspace-write", "--summary-file", summary, "go"], {
      cwd: ws.repo,
      home: ws.codexHome,
      restricted: true,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("sandbox: workspace-write [workdir, /tmp, $TMPDIR] (landlock)");
    expect(r.stderr).toContain("# readme");
    // Landlock cannot grant creating entries at the top of a root that holds `.git`: documented.
    expect(existsSync(path.join(ws.repo, "made-by-command.txt"))).toBe(false);
    expect(readFileSync(path.join(ws.repo, "top.txt"), "utf8")).toBe("made by apply_patch\n");
    expect(JSON.parse(readFileSync(summary, "utf8"))).toMatchObject({ sandbox: { mode: "workspace-write", backend: "landlock" } });
  });

  it("doctor: bwrap fails with its fix, Landlock works, a run would work (exit 0); --json has the same checks", async (ctx) => {
    const ws = await workspace(ctx);
    writeFileSync(path.join(ws.codexHome, "config.toml"), 'model_provider = "local"\n[model_providers.local]\nbase_url = "http://127.0.0.1:9/v1"\n');
    const text = await spawnIn([process.execPath, BIN, "doctor"], { cwd: ws.repo, home: ws.codexHome, restricted: true });
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^FAIL sandbox bwrap: .*fix: .*AppArmor/m);
    expect(text.stdout).toMatch(/^ok {3}sandbox landlock: works/m);
    expect(text.stdout).toMatch(/^ok {3}sandbox: runs use landlock$/m);
    expect(text.stdout).toMatch(/^ok {3}config: loads/m);
    const json = await spawnIn([process.execPath, BIN, "doctor", "--json"], { cwd: ws.repo, home: ws.codexHome, restricted: true });
    const report = JSON.parse(json.stdout) as { ok: boolean; checks: Array<{ name: string; status: string }> };
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => `${c.name}=${c.status}`)).toEqual(
      expect.arrayContaining(["sandbox bwrap=fail", "sandbox landlock=ok", "sandbox=ok", "config=ok", "api key=ok", "network=skip"]),
    );
  });
});

describe.concurrent("doctor", () => {
  it("a missing API key fails naming the variable, never a value; exit 1", async (ctx) => {
    const ws = await workspace(ctx);
    const r = await runCli(["doctor"], { cwd: ws.repo, codexHome: ws.codexHome, env: { CODEX_API_KEY: "" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL api key: .*OPENAI_API_KEY|CODEX_API_KEY/m);
    expect(r.stdout).toContain("a run would not work here");
  });

  it("the key's source is named, never its value; a broken config.toml fails with its one-line reason", async (ctx) => {
    const ws = await workspace(ctx);
    const ok = await runCli(["doctor", "--json"], { cwd: ws.repo, codexHome: ws.codexHome, env: { OPENAI_API_KEY: "sk-secret-value" } });
    expect(ok.stdout).not.toContain("sk-secret-value");
    expect(JSON.parse(ok.stdout).checks).toEqual(expect.arrayContaining([{ name: "api key", status: "ok", detail: "found in OPENAI_API_KEY" }]));
    writeFileSync(path.join(ws.codexHome, "config.toml"), "this is not toml\n");
    const broken = await runCli(["doctor"], { cwd: ws.repo, codexHome: ws.codexHome, env: { OPENAI_API_KEY: "k" } });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^FAIL config: .*config\.toml:1:/m);
  });

  it("--network reaches the provider's base URL (any HTTP answer counts)", async (ctx) => {
    const { ws, mock } = await scenario(ctx, []);
    const r = await runCli(["doctor", "--network"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.stdout).toMatch(new RegExp(`^ok {3}network: ${mock.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} answers \\(HTTP \\d+\\)`, "m"));
  });
});

describe.concurrent("the sandbox subcommand", () => {
  it("the command gets the agent's environment: codex-exec's API keys stay out", async (ctx) => {
    const ws = await workspace(ctx);
    const r = await runCli(["sandbox", "--", "/bin/sh", "-c", 'echo "key=[$OPENAI_API_KEY] other=[$OTHER]"'], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { OPENAI_API_KEY: "sk-must-not-leak", OTHER: "kept" },
    });
    expect(r).toMatchObject({ code: 0, stdout: "key=[] other=[kept]\n" });
  });

  it("passes the command's exit code and output through; --mode is checked", async (ctx) => {
    const ws = await workspace(ctx);
    const r = await runCli(["sandbox", "--", "/bin/sh", "-c", "echo out; echo err >&2; exit 7"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r).toMatchObject({ code: 7, stdout: "out\n", stderr: "err\n" });
    const bad = await runCli(["sandbox", "--mode", "yolo", "--", "true"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("invalid value 'yolo' for '--mode <mode>'");
  });

  it("an agent run's JSONL is unchanged by the backend", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ functionCall: { name: "exec_command", arguments: { cmd: "echo hi" }, callId: "c1" } }]), reply([{ message: "ok" }])]);
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, env: { CODEX_EXEC_SANDBOX_BACKEND: "landlock" } });
    expect(r.code, r.stderr).toBe(0);
    const done = parseJsonl(r.stdout).find((e) => e.type === "item.completed" && e.item.type === "command_execution");
    expect(done).toMatchObject({ item: { aggregated_output: "hi\n", exit_code: 0, status: "completed" } });
  });
});
