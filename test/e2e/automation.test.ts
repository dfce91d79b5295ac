// End to end: run limits (timeout, idle, budgets), the summary record on every path, schema, stdin, exit codes.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { RunSummary } from "../../src/protocol/index.js";
import { z } from "../../src/protocol/zod.js";
import { reply, type Step } from "../support/mock-responses-server.js";
import { BIN, parseJsonl, runCli, sequence, startCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import { responseEvents } from "../support/sse-events.js";

const usage = { input_tokens: 1000, cached: 200, output_tokens: 100 };
const hang = (): Step => ({ kind: "sse", events: responseEvents([{ message: "never finishes" }]), hangAfter: 3 });
const plan = (step: string): Step =>
  reply([{ functionCall: { name: "update_plan", arguments: { plan: [{ step, status: "in_progress" }] } } }], usage);

async function readSummary(file: string): Promise<RunSummary> {
  return RunSummary.parse(JSON.parse(await readFile(file, "utf8")));
}

/** The `response_item` payloads of the thread's rollout under `$CODEX_HOME/sessions`, in order. */
async function rolloutResponseItems(codexHome: string, threadId: string): Promise<Array<Record<string, unknown>>> {
  const entries = await readdir(path.join(codexHome, "sessions"), { recursive: true, withFileTypes: true });
  const file = entries.find((e) => e.isFile() && e.name.endsWith(`-${threadId}.jsonl`));
  if (!file) throw new Error(`no rollout for ${threadId}`);
  const lines = (await readFile(path.join(file.parentPath, file.name), "utf8")).split("\n").filter((l) => l !== "");
  const parsed = lines.map((l) => z.object({ type: z.string(), payload: z.record(z.string(), z.unknown()) }).parse(JSON.parse(l)));
  return parsed.filter((l) => l.type === "response_item").map((l) => l.payload);
}

describe.concurrent("summary record", () => {
  it("success: status, exit code, usage, cost from a configured price, requests, commands, files", async (ctx) => {
    const { ws } = await scenario(
      ctx,
      [
        reply([{ functionCall: { name: "exec_command", arguments: { cmd: "exit 3" } } }], usage),
        reply([{ customToolCall: { name: "apply_patch", input: "*** Begin Patch\n*** Add File: new.txt\n+hi\n*** End Patch" } }], usage),
        reply([{ message: "done" }], usage),
      ],
      { config: (url) => `model = "gpt-5.5"\nmodel_provider = "mock"\n[model_providers.mock]\nbase_url = "${url}"\n[model_prices."gpt-5.5"]\ninput = 2\ncached_input = 0.5\noutput = 10\n` },
    );
    const file = path.join(ws.root, "out", "summary.json");
    const r = await runCli(["-s", "danger-full-access", "--summary-file", file, "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const s = await readSummary(file);
    expect(s).toMatchObject({
      schema_version: "1.0",
      status: "completed",
      exit_code: 0,
      error: null,
      final_message: "done",
      usage: { input_tokens: 3000, cached_input_tokens: 600, output_tokens: 300 },
      model_requests: 3,
      commands: { run: 1, failed: 1 },
      files_changed: [path.join(ws.repo, "new.txt")],
      review: null,
    });
    // (3000-600)×$2 + 600×$0.5 + 300×$10, per million.
    expect(s.cost_usd).toBeCloseTo(0.0081, 6);
    expect(s.thread_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("unknown price → cost null; --json-summary ends the stream with run.completed; --fail-on-tool-error → exit 4", async (ctx) => {
    const { ws } = await scenario(ctx, [
      reply([{ functionCall: { name: "exec_command", arguments: { cmd: "exit 1" } } }]),
      reply([{ message: "tried" }]),
    ]);
    const r = await runCli(["--json", "--json-summary", "--fail-on-tool-error", "-m", "unpriced-model", "-s", "danger-full-access", "go"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: {},
    });
    expect(r.code).toBe(4);
    const events = parseJsonl(r.stdout);
    expect(sequence(events).slice(-2)).toEqual(["turn.completed", "run.completed"]);
    const last = events.at(-1);
    expect(last?.type === "run.completed" && last.summary).toMatchObject({
      status: "completed",
      exit_code: 4,
      cost_usd: null,
      error: { code: "tool_error" },
    });
  });

  it("--fail-on-tool-error counts what never ran too: a patch that does not verify, a command in a missing workdir", async (ctx) => {
    const patch = "*** Begin Patch\n*** Update File: missing.txt\n@@\n-a\n+b\n*** End Patch";
    const { ws } = await scenario(ctx, [
      reply([{ customToolCall: { name: "apply_patch", input: patch } }]),
      reply([{ message: "tried" }]),
      reply([{ functionCall: { name: "exec_command", arguments: { cmd: "true", workdir: "/nonexistent-dir" } } }]),
      reply([{ message: "tried" }]),
      reply([{ functionCall: { name: "update_plan", arguments: { plan: "not a list" } } }]),
      reply([{ message: "tried" }]),
    ]);
    const run = (): Promise<Awaited<ReturnType<typeof runCli>>> =>
      runCli(["--json", "--fail-on-tool-error", "-s", "workspace-write", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect((await run()).code).toBe(4);
    expect((await run()).code).toBe(4);
    // Other tools' failures are the model's to fix, not a command or patch failing.
    expect((await run()).code).toBe(0);
  });

  it("startup error and usage error still write the record", async (ctx) => {
    const { ws } = await scenario(ctx, [], { git: false });
    const f1 = path.join(ws.root, "s1.json");
    const r1 = await runCli(["--summary-file", f1, "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r1.code).toBe(1);
    expect(await readSummary(f1)).toMatchObject({ status: "startup_error", exit_code: 1, error: { code: "not_a_git_repo" } });
    const f2 = path.join(ws.root, "s2.json");
    const r2 = await runCli(["--summary-file", f2, "--bogus", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r2.code).toBe(2);
    expect(await readSummary(f2)).toMatchObject({ status: "usage_error", exit_code: 2 });
  });

  it("SIGINT writes status interrupted, exit 130", async (ctx) => {
    const { ws } = await scenario(ctx, [hang()]);
    const file = path.join(ws.root, "s.json");
    const run = startCli(["--json", "--summary-file", file, "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    await run.waitFor('"turn.started"', "stdout");
    run.child.kill("SIGINT");
    expect((await run.done).code).toBe(130);
    expect(await readSummary(file)).toMatchObject({ status: "interrupted", exit_code: 130, error: { code: "interrupted" } });
  });
});

describe.concurrent("run limits", () => {
  it("--timeout: turn.failed with code timeout, exit 124", async (ctx) => {
    const { ws } = await scenario(ctx, [hang()], { providerExtra: "stream_idle_timeout_ms = 60000" });
    const file = path.join(ws.root, "s.json");
    const r = await runCli(["--json", "--timeout", "1s", "--summary-file", file, "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(124);
    expect(parseJsonl(r.stdout).at(-1)).toEqual({
      type: "turn.failed",
      error: { message: "the run timed out after 1s", code: "timeout" },
    });
    expect(await readSummary(file)).toMatchObject({ status: "timeout", exit_code: 124 });
  });

  it("--idle-timeout: code idle, exit 124", async (ctx) => {
    const { ws } = await scenario(ctx, [hang()], { providerExtra: "stream_idle_timeout_ms = 60000" });
    const r = await runCli(["--json", "--idle-timeout", "500ms", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(124);
    expect(parseJsonl(r.stdout).at(-1)).toMatchObject({ type: "turn.failed", error: { code: "idle" } });
  });

  it("--max-turns stops after that many model requests: code budget, exit 3", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [plan("a"), plan("b"), plan("c"), reply([{ message: "never" }])]);
    const r = await runCli(["--json", "--max-turns", "2", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(3);
    expect(mock.requests).toHaveLength(2);
    expect(parseJsonl(r.stdout).at(-1)).toEqual({
      type: "turn.failed",
      error: { message: "stopped after 2 model requests (--max-turns 2)", code: "budget" },
    });
  });

  it("--max-tokens and --max-cost-usd", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [plan("a"), plan("b"), plan("c"), plan("d")]);
    const tokens = await runCli(["--json", "--max-tokens", "2000", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(tokens.code).toBe(3);
    // 900 tokens a response (1000 input, 200 of them cached, 100 output): the third crosses 2000.
    expect(mock.requests).toHaveLength(3);
    expect(parseJsonl(tokens.stdout).at(-1)).toEqual({
      type: "turn.failed",
      error: { message: "stopped after 2,700 tokens (--max-tokens 2000); the response's 1 tool call was not run", code: "budget" },
    });
    const cost = await runCli(["--json", "-m", "gpt-5", "--max-cost-usd", "0.001", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(cost.code).toBe(3);
    expect(parseJsonl(cost.stdout).at(-1)).toMatchObject({ error: { code: "budget", message: expect.stringContaining("--max-cost-usd 0.001") } });
  });

  it("the default model (gpt-5.5) is priced out of the box: a cost in the summary, and --max-cost-usd applies", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [plan("a"), plan("b"), plan("c")]);
    const file = path.join(ws.root, "summary.json");
    const r = await runCli(["--json", "--summary-file", file, "--max-cost-usd", "0.001", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code, r.stderr).toBe(3);
    expect(parseJsonl(r.stdout).at(-1)).toMatchObject({ error: { code: "budget", message: expect.stringContaining("--max-cost-usd 0.001") } });
    expect(mock.requests.length).toBeLessThan(3);
    const s = await readSummary(file);
    expect(s.cost_usd).toBeGreaterThan(0.001);
  });

  it("--max-tokens counts as `tokens used` does: the stop message and the transcript give the same number", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [plan("a"), plan("b"), plan("c")]);
    const r = await runCli(["--color", "never", "--max-tokens", "1500", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(3);
    expect(mock.requests).toHaveLength(2);
    const stopped = /stopped after ([\d,]+) tokens \(--max-tokens 1500\)/.exec(r.stderr)?.[1];
    const used = /\ntokens used\n([\d,]+)\n/.exec(r.stderr)?.[1];
    expect(stopped).toBe("1,800");
    expect(used).toBe(stopped);
  });

  const touchMarker = (callId: string): Step =>
    reply([{ functionCall: { name: "exec_command", arguments: { cmd: "touch marker" }, callId } }], usage);

  it("a response that crosses --max-tokens does not get its tool calls run: no marker, exit 3, no further request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [touchMarker("call_t"), reply([{ message: "never" }])]);
    const r = await runCli(["--json", "-s", "danger-full-access", "--max-tokens", "500", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(3);
    expect(existsSync(path.join(ws.repo, "marker"))).toBe(false);
    expect(mock.requests).toHaveLength(1);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual(["thread.started", "turn.started", "error", "turn.failed"]);
    expect(events.at(-1)).toEqual({
      type: "turn.failed",
      error: { message: "stopped after 900 tokens (--max-tokens 500); the response's 1 tool call was not run", code: "budget" },
    });
    // The call is answered as not run, so the stored thread is a valid prompt for `resume`.
    const threadId = events[0]?.type === "thread.started" ? events[0].thread_id : "";
    const items = await rolloutResponseItems(ws.codexHome, threadId);
    const call = items.findIndex((i) => i["type"] === "function_call" && i["call_id"] === "call_t");
    expect(items[call + 1]).toEqual({ type: "function_call_output", call_id: "call_t", output: "aborted" });
  });

  it("a response that crosses --max-cost-usd (built-in gpt-5.5 price) does not get its tool calls run", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [touchMarker("call_c"), reply([{ message: "never" }])]);
    const file = path.join(ws.root, "summary.json");
    const args = ["--json", "-s", "danger-full-access", "--summary-file", file, "--max-cost-usd", "0.005", "go"];
    const r = await runCli(args, { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(3);
    expect(existsSync(path.join(ws.repo, "marker"))).toBe(false);
    expect(mock.requests).toHaveLength(1);
    // (800 × $5 + 200 × $0.5 + 100 × $30) per million = $0.0071.
    expect(parseJsonl(r.stdout).at(-1)).toEqual({
      type: "turn.failed",
      error: { message: "stopped after $0.0071 (--max-cost-usd 0.005); the response's 1 tool call was not run", code: "budget" },
    });
    expect(await readSummary(file)).toMatchObject({ status: "budget", exit_code: 3, commands: { run: 0, failed: 0 } });
  });

  it("--max-cost-usd for a model without a price fails before any request, naming the config to add", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const r = await runCli(["--json", "-m", "unpriced-model", "--max-cost-usd", "0.5", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      'Error: --max-cost-usd needs the price of model `unpriced-model`: add [model_prices."unpriced-model"] with input, cached_input and output (USD per million tokens) to config.toml\n',
    );
    expect(mock.requests).toHaveLength(0);
  });

  it("bad limit values are usage errors", async (ctx) => {
    const { ws } = await scenario(ctx, []);
    // 1000h is past what a timer can wait (it would fire at once).
    for (const args of [["--timeout", "soon"], ["--timeout", "1000h"], ["--idle-timeout", "1000h"], ["--max-turns", "0"], ["--max-cost-usd", "-1"]]) {
      const r = await runCli([...args, "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain("invalid value");
    }
  });
});

describe.concurrent("stdin and schema", () => {
  it("an open, silent stdin pipe gets a hint after 5 s, then the run proceeds when it closes", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const run = startCli(["hi"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "open" });
    await run.waitFor("pass --no-stdin or redirect </dev/null");
    run.child.stdin?.end("late data\n");
    const r = await run.done;
    expect(r.code).toBe(0);
    expect(r.stderr.match(/Still waiting for stdin/g)).toHaveLength(1);
    expect(JSON.stringify(mock.requests[0]?.body["input"])).toContain("late data");
  });

  it("--no-stdin never reads stdin", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const run = startCli(["--no-stdin", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "open" });
    const r = await run.done;
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("Reading additional input from stdin");
    expect(JSON.stringify(mock.requests[0]?.body["input"])).not.toContain("<stdin>");
  });

  it("`codex-exec schema` prints JSON Schemas that every JSONL line of a run validates against", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ reasoning: "think" }, { message: "ok" }])]);
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, "schema"]);
    const schemas = JSON.parse(stdout) as { schema_version: string; thread_event: object; run_summary: object };
    expect(schemas.schema_version).toBe("1.0");
    const { Ajv2020 } = await import("ajv/dist/2020.js");
    const validate = new Ajv2020({ strict: false }).compile(schemas.thread_event);
    const r = await runCli(["--json", "--json-summary", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    for (const line of r.stdout.trim().split("\n")) expect(validate(JSON.parse(line)), line).toBe(true);
    expect(z.object({ $schema: z.string() }).parse(schemas.run_summary).$schema).toContain("2020-12");
  });
});
