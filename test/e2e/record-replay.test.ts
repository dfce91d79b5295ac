// End to end: --record against the mock, --replay without it (same JSONL, same workspace effects), mismatch
// detection, --replay-lenient, the exchange count, secrets, and every example cassette in examples/replays.

import { existsSync, readdirSync, realpathSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it, type TestContext } from "vitest";
import type { ThreadEvent } from "../../src/protocol/index.js";
import { chatScenario } from "../support/chat-scenario.js";
import { chatReply } from "../support/mock-chat-server.js";
import { reply, type Step } from "../support/mock-responses-server.js";
import { parseJsonl, runCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import { makeWorkspace, type Workspace } from "../support/temp-repo.js";

const REPLAYS = fileURLToPath(new URL("../../examples/replays/", import.meta.url));

const FILES = { "a.txt": "one\ntwo\nthree\n" };
const PROMPT = "Make the second line of a.txt upper case.";
const WRITE = ["-s", "workspace-write"];

const exec = (cmd: string, callId: string) => ({ functionCall: { name: "exec_command", arguments: { cmd }, callId } });
const PATCH = "*** Begin Patch\n*** Update File: a.txt\n@@\n one\n-two\n+TWO\n three\n*** End Patch";

/** The model reads the file, patches it, reads it again, answers: four exchanges. */
const STEPS = (): Step[] => [
  reply([{ reasoning: "**Reading** first" }, exec("cat a.txt", "call_cat")], { input_tokens: 100, output_tokens: 10 }),
  reply([{ customToolCall: { name: "apply_patch", input: PATCH, callId: "call_patch" } }], { input_tokens: 120, output_tokens: 20 }),
  reply([exec("cat a.txt", "call_check")], { input_tokens: 140, output_tokens: 5 }),
  reply([{ message: "Done: a.txt now says TWO." }], { input_tokens: 160, output_tokens: 8 }),
];

/** Record STEPS into `<root>/cassette`; returns the cassette dir and the recording run's workspace. */
async function recordCassette(ctx: TestContext, args: string[] = ["--json", ...WRITE, PROMPT]) {
  const { ws, mock } = await scenario(ctx, STEPS(), { files: FILES });
  const dir = path.join(ws.root, "cassette");
  const r = await runCli(["--record", dir, ...args], { cwd: ws.repo, codexHome: ws.codexHome });
  expect(r.code, r.stderr).toBe(0);
  await mock.close();
  return { dir, ws, recorded: r, mock };
}

/** A fresh workspace with no provider configured at all: a replay needs none. */
async function freshWorkspace(ctx: TestContext, files: Record<string, string> = FILES): Promise<Workspace> {
  const ws = await makeWorkspace({ files });
  ctx.onTestFinished(() => ws.cleanup());
  return ws;
}

/** JSONL with what differs between two runs of the same script made equal: thread id, workspace path. */
function portable(events: readonly ThreadEvent[], repo: string): unknown[] {
  const real = realpathSync(repo);
  return events.map((e) =>
    JSON.parse(JSON.stringify(e).replaceAll(real, "<repo>").replace(/"thread_id":"[^"]+"/, '"thread_id":"<thread>"')),
  );
}

/** Every file under `root` except `.git`, with its content. */
async function files(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    const abs = path.join(e.parentPath, e.name);
    const rel = path.relative(root, abs);
    if (rel.split(path.sep)[0] === ".git" || !e.isFile()) continue;
    out[rel] = await readFile(abs, "utf8");
  }
  return out;
}

describe.concurrent("record and replay", () => {
  it("replay without the mock: the same JSONL (modulo thread id and paths) and the same workspace effects", async (ctx) => {
    const { dir, ws, recorded } = await recordCassette(ctx);
    expect(readdirSync(dir).sort()).toEqual(["0001.json", "0002.json", "0003.json", "0004.json", "manifest.json"]);
    expect(JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8"))).toMatchObject({
      version: 1,
      model: "gpt-5.5",
      wire: "responses",
      count: 4,
    });

    const fresh = await freshWorkspace(ctx);
    // The mock is closed and a base URL points at nothing: the replay must not go near the network.
    const replayed = await runCli(["--json", "--replay", dir, ...WRITE, PROMPT], {
      cwd: fresh.repo,
      codexHome: fresh.codexHome,
      env: { OPENAI_BASE_URL: "http://127.0.0.1:9/v1" },
    });
    expect(replayed.code, replayed.stderr).toBe(0);
    const before = portable(parseJsonl(recorded.stdout), ws.repo);
    expect(portable(parseJsonl(replayed.stdout), fresh.repo)).toEqual(before);
    expect(before.map((e) => JSON.stringify(e))).toContainEqual(expect.stringContaining('"aggregated_output":"one\\nTWO\\nthree\\n"'));
    expect(await files(fresh.repo)).toEqual(await files(ws.repo));
    expect(await files(fresh.repo)).toEqual({ "a.txt": "one\nTWO\nthree\n" });
  });

  it("human mode shows the replay provider and the recorded model", async (ctx) => {
    const { dir } = await recordCassette(ctx);
    const fresh = await freshWorkspace(ctx);
    const r = await runCli(["--color", "never", "--replay", dir, ...WRITE, PROMPT], { cwd: fresh.repo, codexHome: fresh.codexHome });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("model: gpt-5.5\nprovider: replay\n");
    expect(r.stdout).toBe("Done: a.txt now says TWO.\n");
  });

  it("a request that differs from the recording fails the run: exit 1 with what differs", async (ctx) => {
    const { dir } = await recordCassette(ctx);
    const fresh = await freshWorkspace(ctx, { "a.txt": "one\ntwo\nthree\nfour\n" });
    const r = await runCli(["--json", "--replay", dir, ...WRITE, PROMPT], { cwd: fresh.repo, codexHome: fresh.codexHome });
    expect(r.code).toBe(1);
    const failed = parseJsonl(r.stdout).find((e) => e.type === "turn.failed");
    expect(failed).toMatchObject({ error: { code: "bad_request" } });
    const message = failed?.type === "turn.failed" ? failed.error.message : "";
    expect(message).toMatch(/^replay: request 2 does not match 0002\.json of .*cassette: input\[\d+\] \(function_call_output call_cat\)\.output: /);
    // The first character that differs is the output's token count (the file grew); both sides are quoted around it.
    expect(message).toMatch(/: …"Original token count: 5\\nOutput:\\none\\ntwo\\n"… ≠ recorded …"Original token count: 4\\nOutput:\\none\\ntwo\\n"…$/);
    // Nothing after the mismatch was served: the patch never came.
    expect(await files(fresh.repo)).toEqual({ "a.txt": "one\ntwo\nthree\nfour\n" });

    const prompt = await runCli(["--color", "never", "--replay", dir, ...WRITE, "Something else."], { cwd: fresh.repo, codexHome: fresh.codexHome });
    expect(prompt.code).toBe(1);
    expect(prompt.stderr).toMatch(/ERROR: replay: request 1 does not match 0001\.json .*: input\[\d+\] \(message user\)\.content\[0\]\.text: "Something else\." ≠ recorded "Make the second/);
  });

  it("--replay-lenient warns once and goes on; the tools still run for real", async (ctx) => {
    const { dir } = await recordCassette(ctx);
    const fresh = await freshWorkspace(ctx, { "a.txt": "one\ntwo\nthree\nfour\n" });
    const r = await runCli(["--json", "--replay", dir, "--replay-lenient", ...WRITE, PROMPT], { cwd: fresh.repo, codexHome: fresh.codexHome });
    expect(r.code, r.stderr).toBe(0);
    // Requests 2 and 4 both differ (the extra line shows in both `cat` outputs); only the first is reported.
    expect(r.stderr.match(/Warning: replay: request \d does not match/g)).toEqual(["Warning: replay: request 2 does not match"]);
    expect(r.stderr).toContain("(continuing: --replay-lenient)");
    expect(await files(fresh.repo)).toEqual({ "a.txt": "one\nTWO\nthree\nfour\n" });
  });

  it("a run that needs more exchanges than were recorded fails naming the count", async (ctx) => {
    const { dir } = await recordCassette(ctx);
    const short = `${dir}-short`;
    await cp(dir, short, { recursive: true });
    await rm(path.join(short, "0004.json"));
    const manifest = JSON.parse(await readFile(path.join(short, "manifest.json"), "utf8")) as Record<string, unknown>;
    await writeFile(path.join(short, "manifest.json"), JSON.stringify({ ...manifest, count: 3 }));
    const fresh = await freshWorkspace(ctx);
    const r = await runCli(["--color", "never", "--replay", short, ...WRITE, PROMPT], { cwd: fresh.repo, codexHome: fresh.codexHome });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`ERROR: replay: the run made request 4, but ${short} holds 3 recorded exchanges`);
  });

  it("bad cassettes and flags fail before any request", async (ctx) => {
    const fresh = await freshWorkspace(ctx);
    const run = (...args: string[]) => runCli(args, { cwd: fresh.repo, codexHome: fresh.codexHome });
    const missing = await run("--replay", "nowhere", "p");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("Error: --replay nowhere: no manifest.json there (record one with --record nowhere)\n");
    await writeFile(path.join(fresh.repo, "manifest.json"), JSON.stringify({ version: 1, created: "x", codex_exec_version: "0", model: "m", wire: "responses", count: 1 }));
    const incomplete = await run("--replay", ".", "p");
    expect(incomplete.stderr).toBe("Error: --replay .: 0001.json is missing (manifest.json lists 1 exchanges)\n");
    const theFile = await run("--replay", "manifest.json", "p");
    expect(theFile.code).toBe(1);
    expect(theFile.stderr).toBe("Error: --replay manifest.json: pass the cassette's folder (.), not a file in it\n");
    const both = await run("--record", "a", "--replay", "b", "p");
    expect(both.code).toBe(2);
    expect((await run("--replay-lenient", "p")).code).toBe(2);
  });

  it("the chat wire records and replays too (its chunks)", async (ctx) => {
    const steps = [
      chatReply({ id: "chatcmpl-1", toolCalls: [{ id: "call_c", name: "exec_command", arguments: { cmd: "cat a.txt" } }], usage: { prompt_tokens: 40, completion_tokens: 5 } }),
      chatReply({ id: "chatcmpl-2", text: "It says one, two, three.", usage: { prompt_tokens: 60, completion_tokens: 8 } }),
    ];
    const { ws, mock } = await chatScenario(ctx, steps, { files: FILES });
    const dir = path.join(ws.root, "cassette");
    const recorded = await runCli(["--json", "--record", dir, "What does a.txt say?"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(recorded.code, recorded.stderr).toBe(0);
    await mock.close();
    expect(JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8"))).toMatchObject({ model: "llama3.2", wire: "chat", count: 2 });
    expect(JSON.parse(await readFile(path.join(dir, "0001.json"), "utf8"))).toMatchObject({
      request: { path: "/chat/completions" },
      // The client stops reading once the choice finished and usage came, so a trailing [DONE] is
      // recorded only when it arrived in the same read: the chunks are what a replay needs.
      response: { events: expect.arrayContaining([expect.objectContaining({ object: "chat.completion.chunk", id: "chatcmpl-1" })]) },
    });
    const fresh = await freshWorkspace(ctx);
    const replayed = await runCli(["--json", "--replay", dir, "What does a.txt say?"], { cwd: fresh.repo, codexHome: fresh.codexHome });
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(portable(parseJsonl(replayed.stdout), fresh.repo)).toEqual(portable(parseJsonl(recorded.stdout), ws.repo));
  });

  it("secrets never reach the cassette: API key, configured headers, a token echoed by a command", async (ctx) => {
    const key = "sk-proj-E2eSecretKey0123456789abcdef";
    const token = "svc-token-E2e0123456789";
    const header = "hdr-E2eHeaderValue0123456789";
    const config = (url: string) =>
      `model_provider = "keyed"\n\n[model_providers.keyed]\nname = "keyed"\nbase_url = "${url}"\nenv_key = "OPENAI_API_KEY"\nhttp_headers = { "X-Team" = "${header}" }\n`;
    const steps = [reply([exec("echo token=$MY_SERVICE_TOKEN", "call_env")]), reply([{ message: "ok" }])];
    const { ws, mock } = await scenario(ctx, steps, { config });
    const dir = path.join(ws.root, "cassette");
    const env = { OPENAI_API_KEY: key, MY_SERVICE_TOKEN: token };
    const r = await runCli(["--json", "--record", dir, ...WRITE, "show the token"], { cwd: ws.repo, codexHome: ws.codexHome, env });
    expect(r.code, r.stderr).toBe(0);
    // The traffic did carry them, so their absence below means something.
    expect(mock.requests[0]?.headers["authorization"]).toBe(`Bearer ${key}`);
    expect(mock.requests[0]?.headers["x-team"]).toBe(header);
    expect(JSON.stringify(mock.requests[1]?.body)).toContain(`token=${token}`);

    const text = (await Promise.all(readdirSync(dir).map((f) => readFile(path.join(dir, f), "utf8")))).join("\n");
    for (const secret of [key, token, header]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/authorization/i);
    expect(text).toContain("token=<redacted>");

    // The same environment replays it: live requests are redacted the same way before they are compared.
    const fresh = await freshWorkspace(ctx, {});
    const replayed = await runCli(["--json", "--replay", dir, ...WRITE, "show the token"], { cwd: fresh.repo, codexHome: fresh.codexHome, env });
    expect(replayed.code, replayed.stderr).toBe(0);
  });
});

/** What an example's workspace.mjs exports (examples/replays/workspace-kit.mjs). */
interface Example {
  args: string[];
  createWorkspace(): { repo: string; codexHome: string; cleanup(): void };
  verify(ws: { repo: string }, stdout: string): string | null;
}

const EXAMPLES = readdirSync(REPLAYS).filter((name) => existsSync(path.join(REPLAYS, name, "manifest.json")));

describe.concurrent("example cassettes (examples/replays)", () => {
  it("there are at least three, each with a README line", async () => {
    expect(EXAMPLES).toEqual(expect.arrayContaining(["fix-typo", "review", "structured-output"]));
    const readme = await readFile(path.join(REPLAYS, "README.md"), "utf8");
    for (const name of EXAMPLES) expect(readme).toContain(`[${name}](${name}/)`);
  });

  it.each(EXAMPLES)("%s replays green in a fresh workspace", async (name) => {
    const example = (await import(pathToFileURL(path.join(REPLAYS, name, "workspace.mjs")).href)) as Example;
    const ws = example.createWorkspace();
    try {
      const r = await runCli(["--replay", path.join(REPLAYS, name), ...example.args], { cwd: ws.repo, codexHome: ws.codexHome });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toContain("Warning");
      expect(example.verify(ws, r.stdout)).toBeNull();
    } finally {
      ws.cleanup();
    }
  });

  it("fix-typo replays on another machine: TMPDIR elsewhere, /tmp writable, run from another directory", async (ctx) => {
    const example = (await import(pathToFileURL(path.join(REPLAYS, "fix-typo", "workspace.mjs")).href)) as Example;
    const ws = example.createWorkspace();
    ctx.onTestFinished(() => ws.cleanup());
    const root = path.dirname(ws.repo);
    // Unlike the recording's config, this one leaves /tmp and $TMPDIR among the writable roots.
    await writeFile(path.join(ws.codexHome, "config.toml"), 'model = "gpt-5.5"\n');
    const tmpdir = path.join(root, "elsewhere-tmp");
    await mkdir(tmpdir);
    const r = await runCli(["--color", "never", "-C", ws.repo, "--replay", path.join(REPLAYS, "fix-typo"), ...example.args], {
      cwd: root,
      codexHome: ws.codexHome,
      env: { TMPDIR: tmpdir },
      stdin: null,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("sandbox: workspace-write [workdir, /tmp, $TMPDIR]");
    expect(r.stderr).not.toContain("Warning");
    expect(example.verify(ws, r.stdout)).toBeNull();
  });
});
