// End to end: the OS sandbox (bubblewrap) around the model's commands and apply_patch, the environment
// policy, the sandbox flags and the header line. Every write verdict is checked on disk.

import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { ThreadEvent } from "../../src/protocol/index.js";
import { reply, type RecordedRequest } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import { mockProviderConfig } from "../support/temp-repo.js";

const exec = (cmd: string, callId: string) => ({ functionCall: { name: "exec_command", arguments: { cmd }, callId } });
const patchCall = (input: string, callId: string) => ({ customToolCall: { name: "apply_patch", input, callId } });

/**
 * The workspaces live under the system temp dir, and /tmp is a writable root under workspace-write;
 * excluding it (and $TMPDIR) leaves the repo (plus --add-dir) as the only writable places.
 */
const NO_TMP_ROOTS = "\n[sandbox_workspace_write]\nexclude_slash_tmp = true\nexclude_tmpdir_env_var = true\n";
const noTmpConfig = (extra = "") => (url: string) => mockProviderConfig(url) + NO_TMP_ROOTS + extra;

/** The `output` text of the tool output item for `callId` in a recorded request. */
function toolOutput(req: RecordedRequest | undefined, callId: string): string {
  const items = (req?.body["input"] ?? []) as Array<Record<string, unknown>>;
  const item = items.find((i) => String(i["type"]).endsWith("_call_output") && i["call_id"] === callId);
  if (item === undefined) throw new Error(`no tool output for ${callId}`);
  const out = item["output"];
  if (typeof out !== "string") throw new Error(`output of ${callId} is not text: ${JSON.stringify(out)}`);
  return out;
}

/** The completed command_execution / file_change items of a JSONL run. */
function completed(events: readonly ThreadEvent[], type: "command_execution" | "file_change") {
  return events.flatMap((e) => (e.type === "item.completed" && e.item.type === type ? [e.item] : []));
}

describe.concurrent("sandbox: commands", () => {
  it("workspace-write: a write in the cwd lands, one in ../ does not", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([exec("echo x > inside.txt; echo y > ../outside.txt", "call_w")]), reply([{ message: "done" }])], {
      config: noTmpConfig(),
    });
    const r = await runCli(["--json", "-s", "workspace-write", "write"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(ws.repo, "inside.txt"), "utf8")).toBe("x\n");
    expect(existsSync(path.join(ws.root, "outside.txt"))).toBe(false);
    const [item] = completed(parseJsonl(r.stdout), "command_execution");
    expect(item).toMatchObject({ status: "failed", exit_code: 1 });
    expect(item?.type === "command_execution" ? item.aggregated_output : "").toContain("Read-only file system");
    expect(toolOutput(mock.requests[1], "call_w")).toContain("Read-only file system");
  });

  it("workspace-write: .git cannot be written by a command", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([exec("echo evil > .git/hooks/pre-commit; chmod +x .git/hooks/pre-commit", "call_g")]), reply([{ message: "ok" }])], {
      config: noTmpConfig(),
    });
    const r = await runCli(["--json", "-s", "workspace-write", "hook"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.repo, ".git/hooks/pre-commit"))).toBe(false);
  });

  it("workspace-write: a missing .codex cannot be created by a command, and the run leaves no trace of its guard", async (ctx) => {
    const script = "mkdir -p .codex && echo 'model = \"evil\"' > .codex/config.toml && echo wrote";
    const { ws } = await scenario(ctx, [reply([exec(script, "call_c")]), reply([{ message: "ok" }])], { config: noTmpConfig() });
    const r = await runCli(["--json", "-s", "workspace-write", "codex dir"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const [item] = completed(parseJsonl(r.stdout), "command_execution");
    expect(item?.type === "command_execution" ? item.aggregated_output : "").toContain("Read-only file system");
    expect(existsSync(path.join(ws.repo, ".codex"))).toBe(false);
  });

  it("workspace-write: an existing .agents cannot be written by a command, nor by apply_patch", async (ctx) => {
    const skill = ".agents/skills/a/SKILL.md";
    const patch = "*** Begin Patch\n*** Add File: .agents/y.md\n+nope\n*** End Patch";
    const { ws, mock } = await scenario(
      ctx,
      [reply([exec("echo evil > .agents/x.md; echo more >> .agents/skills/a/SKILL.md", "call_a")]), reply([patchCall(patch, "call_p")]), reply([{ message: "ok" }])],
      { config: noTmpConfig(), files: { [skill]: "original\n" } },
    );
    const r = await runCli(["--json", "-s", "workspace-write", "agents"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.repo, ".agents/x.md"))).toBe(false);
    expect(existsSync(path.join(ws.repo, ".agents/y.md"))).toBe(false);
    expect(readFileSync(path.join(ws.repo, skill), "utf8")).toBe("original\n");
    expect(toolOutput(mock.requests[1], "call_a")).toContain("Read-only file system");
    expect(toolOutput(mock.requests[2], "call_p")).toContain("patch rejected");
  });

  it("workspace-write leaves a fresh repository as it found it: no new paths, no empty .codex or .agents", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([exec("ls -la; cat /dev/null", "call_1")]), reply([exec("true", "call_2")]), reply([{ message: "ok" }])], {
      config: noTmpConfig(),
    });
    const status = async (): Promise<string> =>
      (await promisify(execFile)("git", ["status", "--porcelain", "--ignored", "--untracked-files=all"], { cwd: ws.repo })).stdout;
    const before = await status();
    const r = await runCli(["--json", "-s", "workspace-write", "look"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(completed(parseJsonl(r.stdout), "command_execution").map((i) => i.type === "command_execution" && i.status)).toEqual(["completed", "completed"]);
    expect(await status()).toBe(before);
    expect(readdirSync(ws.repo)).toEqual([".git"]);
  });

  it("default read-only: `echo x > a.txt` fails, the file is absent, the item is failed", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([exec("echo x > a.txt", "call_r")]), reply([{ message: "done" }])]);
    const r = await runCli(["--json", "write"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.repo, "a.txt"))).toBe(false);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.started:command_execution",
      "item.completed:command_execution",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(completed(events, "command_execution")).toEqual([
      {
        id: "item_0",
        type: "command_execution",
        command: "/bin/bash -lc 'echo x > a.txt'",
        aggregated_output: expect.stringContaining("Read-only file system"),
        exit_code: 1,
        status: "failed",
      },
    ]);
    const out = toolOutput(mock.requests[1], "call_r");
    expect(out).toContain("\nProcess exited with code 1\n");
    expect(out).toContain("a.txt: Read-only file system");
  });

  it("read-only still reads: cat of a repo file works", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([exec("cat notes.txt", "call_c")]), reply([{ message: "done" }])], {
      files: { "notes.txt": "hello from the repo\n" },
    });
    const r = await runCli(["--json", "read"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(completed(parseJsonl(r.stdout), "command_execution")).toEqual([expect.objectContaining({ status: "completed", exit_code: 0 })]);
    expect(toolOutput(mock.requests[1], "call_c")).toMatch(/Output:\nhello from the repo\n$/);
  });

  it("--add-dir makes that directory writable under workspace-write (and it shows in the header)", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([exec("echo a > ../extra/a.txt; echo b > ../outside.txt", "call_a")]), reply([{ message: "ok" }])], {
      config: noTmpConfig(),
    });
    const extra = path.join(ws.root, "extra");
    await mkdir(extra);
    const r = await runCli(["--color", "never", "-s", "workspace-write", "--add-dir", extra, "add"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(extra, "a.txt"), "utf8")).toBe("a\n");
    expect(existsSync(path.join(ws.root, "outside.txt"))).toBe(false);
    expect(r.stderr).toContain(`\nsandbox: workspace-write [workdir, ${extra}] (bwrap)\n`);
  });

  it("--dangerously-bypass-approvals-and-sandbox: unconfined, and no git repo needed", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([exec("echo y > ../outside.txt && echo z > /dev/null", "call_y")]), reply([{ message: "ok" }])], {
      git: false,
    });
    const r = await runCli(["--color", "never", "--dangerously-bypass-approvals-and-sandbox", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(ws.root, "outside.txt"), "utf8")).toBe("y\n");
    expect(r.stderr).toContain("\nsandbox: danger-full-access\n");
    expect(r.stderr).not.toContain("Not inside a trusted directory");
  });

  it("--yolo is the same flag", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([exec("echo y > ../yolo.txt", "call_yo")]), reply([{ message: "ok" }])], { git: false });
    const r = await runCli(["--json", "--yolo", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(ws.root, "yolo.txt"), "utf8")).toBe("y\n");
  });

  it("-s danger-full-access is unconfined too", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([exec("echo y > ../full.txt", "call_f")]), reply([{ message: "ok" }])]);
    const r = await runCli(["--json", "-s", "danger-full-access", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(ws.root, "full.txt"), "utf8")).toBe("y\n");
  });
});

describe.concurrent("sandbox: apply_patch", () => {
  it("workspace-write: adding ../outside.txt is refused (declined, file absent, the model is told)", async (ctx) => {
    const patch = "*** Begin Patch\n*** Add File: ../outside.txt\n+nope\n*** End Patch";
    const { ws, mock } = await scenario(ctx, [reply([patchCall(patch, "call_p")]), reply([{ message: "ok" }])], { config: noTmpConfig() });
    const r = await runCli(["--json", "-s", "workspace-write", "patch"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.root, "outside.txt"))).toBe(false);
    expect(completed(parseJsonl(r.stdout), "file_change")).toEqual([
      {
        id: "item_0",
        type: "file_change",
        changes: [{ path: path.join(realpathSync(ws.root), "outside.txt"), kind: "add" }],
        status: "failed",
      },
    ]);
    expect(toolOutput(mock.requests[1], "call_p")).toBe("patch rejected: writing outside of the project; rejected by user approval settings");
  });

  it("workspace-write: a patch through a symlink pointing outside is refused", async (ctx) => {
    const patch = "*** Begin Patch\n*** Add File: link/escaped.txt\n+nope\n*** End Patch";
    const { ws, mock } = await scenario(ctx, [reply([patchCall(patch, "call_s")]), reply([{ message: "ok" }])], { config: noTmpConfig() });
    const outside = path.join(ws.root, "outside-dir");
    await mkdir(outside);
    await symlink(outside, path.join(ws.repo, "link"));
    const r = await runCli(["--json", "-s", "workspace-write", "patch"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(outside, "escaped.txt"))).toBe(false);
    expect(toolOutput(mock.requests[1], "call_s")).toContain("patch rejected: writing outside of the project");
  });
});

describe.concurrent("sandbox: environment", () => {
  const SECRETS = { OPENAI_API_KEY: "sk-openai-e2e-secret", CODEX_API_KEY: "sk-codex-e2e-secret", MOCK_PROVIDER_KEY: "sk-provider-e2e-secret" };

  it("`env` run by the model lacks the API keys; [shell_environment_policy] set shows up", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([exec("env", "call_env")]), reply([{ message: "ok" }])], {
      config: (url) =>
        mockProviderConfig(url, 'env_key = "MOCK_PROVIDER_KEY"') + '\n[shell_environment_policy]\nset = { FOO = "bar" }\n',
    });
    const r = await runCli(["--json", "show env"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { ...SECRETS, VISIBLE_VAR: "visible" },
    });
    expect(r.code).toBe(0);
    // The run itself authenticated with one of the keys…
    expect(mock.requests[0]?.headers["authorization"]).toMatch(/^Bearer sk-/);
    // …but the command saw none of them.
    const out = toolOutput(mock.requests[1], "call_env");
    const [item] = completed(parseJsonl(r.stdout), "command_execution");
    const aggregated = item?.type === "command_execution" ? item.aggregated_output : "";
    for (const text of [out, aggregated]) {
      expect(text).toMatch(/^FOO=bar$/m);
      expect(text).toMatch(/^VISIBLE_VAR=visible$/m);
      expect(text).toMatch(/^CODEX_SANDBOX_NETWORK_DISABLED=1$/m);
      for (const [name, value] of Object.entries(SECRETS)) {
        expect(text).not.toContain(value);
        expect(text).not.toMatch(new RegExp(`^${name}=`, "m"));
      }
    }
  });

  it("set can put an API key variable back explicitly", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([exec("echo key=$OPENAI_API_KEY", "call_k")]), reply([{ message: "ok" }])], {
      config: (url) => mockProviderConfig(url) + '\n[shell_environment_policy]\nset = { OPENAI_API_KEY = "sk-for-the-tool" }\n',
    });
    const r = await runCli(["--json", "key"], { cwd: ws.repo, codexHome: ws.codexHome, env: { OPENAI_API_KEY: "sk-real" } });
    expect(r.code).toBe(0);
    expect(toolOutput(mock.requests[1], "call_k")).toMatch(/Output:\nkey=sk-for-the-tool\n$/);
  });

  it("a caller's FORCE_COLOR / CLICOLOR_FORCE do not reach commands (NO_COLOR=1 does); set can still give one", async (ctx) => {
    const script = 'echo "FC=${FORCE_COLOR-unset} CF=${CLICOLOR_FORCE-unset} NC=$NO_COLOR"';
    const { ws, mock } = await scenario(ctx, [reply([exec(script, "call_c")]), reply([{ message: "ok" }])]);
    const env = { FORCE_COLOR: "1", CLICOLOR_FORCE: "1" };
    const r = await runCli(["--json", "color"], { cwd: ws.repo, codexHome: ws.codexHome, env });
    expect(r.code).toBe(0);
    expect(toolOutput(mock.requests[1], "call_c")).toMatch(/Output:\nFC=unset CF=unset NC=1\n$/);

    const explicit = await scenario(ctx, [reply([exec(script, "call_e")]), reply([{ message: "ok" }])], {
      config: (url) => mockProviderConfig(url) + '\n[shell_environment_policy]\nset = { FORCE_COLOR = "2" }\n',
    });
    const r2 = await runCli(["--json", "color"], { cwd: explicit.ws.repo, codexHome: explicit.ws.codexHome, env });
    expect(r2.code).toBe(0);
    expect(toolOutput(explicit.mock.requests[1], "call_e")).toMatch(/Output:\nFC=2 CF=unset NC=1\n$/);
  });
});

describe.concurrent("sandbox: bubblewrap missing", () => {
  /** A PATH with `node` only: no bwrap (the shell is /bin/bash, by absolute path). */
  async function pathWithoutBwrap(ctx: { onTestFinished: (fn: () => Promise<void>) => void }): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "no-bwrap-"));
    ctx.onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await symlink(process.execPath, path.join(dir, "node"));
    return dir;
  }

  it("human mode: one startup warning naming bubblewrap; the command is refused and nothing is written", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([exec("echo x > inside.txt", "call_nb")]), reply([{ message: "ok" }])], {
      config: noTmpConfig(),
    });
    const r = await runCli(["--color", "never", "-s", "workspace-write", "go"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { PATH: await pathWithoutBwrap(ctx), CODEX_EXEC_SANDBOX_BACKEND: "bwrap" },
    });
    expect(r.code).toBe(0);
    const warnings = r.stderr.split("\n").filter((l) => l.startsWith("warning:"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("bubblewrap");
    expect(warnings[0]).toContain("--sandbox danger-full-access");
    expect(existsSync(path.join(ws.repo, "inside.txt"))).toBe(false);
    const out = toolOutput(mock.requests[1], "call_nb");
    expect(out).toMatch(/^command refused: bubblewrap \(bwrap\) is not installed/);
    expect(out).toContain("install bubblewrap");
  });

  it("--json: the command_execution item is declined; the warning is an error item", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([exec("echo x > inside.txt", "call_nj")]), reply([{ message: "ok" }])]);
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome, env: { PATH: await pathWithoutBwrap(ctx), CODEX_EXEC_SANDBOX_BACKEND: "bwrap" } });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.repo, "inside.txt"))).toBe(false);
    const events = parseJsonl(r.stdout);
    expect(events.filter((e) => e.type === "item.completed" && e.item.type === "error")).toEqual([
      { type: "item.completed", item: { id: expect.any(String), type: "error", message: expect.stringContaining("bubblewrap") } },
    ]);
    expect(completed(events, "command_execution")).toEqual([
      expect.objectContaining({ exit_code: null, status: "declined", aggregated_output: expect.stringMatching(/^command refused: /) }),
    ]);
  });

  it("danger-full-access needs no bwrap: no warning, the command runs", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([exec("echo x > inside.txt", "call_nd")]), reply([{ message: "ok" }])]);
    const r = await runCli(["--color", "never", "-s", "danger-full-access", "go"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { PATH: await pathWithoutBwrap(ctx) },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("warning:");
    expect(readFileSync(path.join(ws.repo, "inside.txt"), "utf8")).toBe("x\n");
  });
});

describe.concurrent("sandbox: flags and header", () => {
  it("--full-auto is rejected with exit 2 before any request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "never" }])]);
    const r = await runCli(["--full-auto", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unexpected argument '--full-auto'");
    expect(r.stdout).toBe("");
    expect(mock.requests).toHaveLength(0);
  });

  it.for<{ args: string[]; config?: string; line: string }>([
    { args: [], line: "read-only" },
    { args: ["-s", "workspace-write"], line: "workspace-write [workdir, /tmp, $TMPDIR]" },
    {
      args: ["-s", "workspace-write"],
      config: "\n[sandbox_workspace_write]\nnetwork_access = true\n",
      line: "workspace-write [workdir, /tmp, $TMPDIR] (network access enabled)",
    },
    { args: ["-s", "workspace-write", "-c", "sandbox_workspace_write.network_access=true"], line: "workspace-write [workdir, /tmp, $TMPDIR] (network access enabled)" },
    { args: ["-s", "workspace-write"], config: NO_TMP_ROOTS, line: "workspace-write [workdir]" },
    { args: ["-s", "danger-full-access"], line: "danger-full-access" },
    { args: ["-c", 'sandbox_mode="workspace-write"'], line: "workspace-write [workdir, /tmp, $TMPDIR]" },
  ])("header: $args $config → sandbox: $line", async ({ args, config, line }, ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "hi" }])], { config: (url) => mockProviderConfig(url) + (config ?? "") });
    const r = await runCli(["--color", "never", ...args, "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`\nsandbox: ${line}${line === "danger-full-access" ? "" : " (bwrap)"}\n`);
  });

  it("workspace-write with network_access = true: a command reaches the network", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [{ kind: "dynamic", build: (req) => reply([exec(netCheck(req), "call_net")]) }, reply([{ message: "ok" }])], {
      config: (url) => mockProviderConfig(url) + "\n[sandbox_workspace_write]\nnetwork_access = true\n",
    });
    const r = await runCli(["--json", "-s", "workspace-write", "net"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(ws.repo, "net.txt"), "utf8")).toBe("connected");
    expect(toolOutput(mock.requests[1], "call_net")).toContain("Process exited with code 0");
  });

  it("workspace-write without network_access: the same command cannot connect", async (ctx) => {
    const { ws } = await scenario(ctx, [{ kind: "dynamic", build: (req) => reply([exec(netCheck(req), "call_nonet")]) }, reply([{ message: "ok" }])]);
    const r = await runCli(["--json", "-s", "workspace-write", "net"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.repo, "net.txt"))).toBe(false);
    expect(readFileSync(path.join(ws.repo, "net-error.txt"), "utf8")).toMatch(/^E[A-Z]+$/);
  });
});

/** A node one-liner that connects to the mock server (port from the request's Host) and records the result. */
function netCheck(req: RecordedRequest): string {
  const port = Number(String(req.headers["host"]).split(":")[1]);
  const js =
    `const s=require("net").connect(${port},"127.0.0.1");` +
    `s.on("connect",()=>{require("fs").writeFileSync("net.txt","connected");s.destroy()});` +
    `s.on("error",(e)=>{require("fs").writeFileSync("net-error.txt",e.code||"EOTHER");process.exit(7)})`;
  return `'${process.execPath}' -e '${js}'`;
}
