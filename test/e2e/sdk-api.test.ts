// End to end: the in-process API against the loopback mock (same events as the built CLI, threads, schema, abort,
// errors), and the emitted declarations a consumer project compiles against.

import { execFile } from "node:child_process";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it, type TestContext } from "vitest";
import { Codex, generateCode, TurnFailedError } from "../../src/index.js";
import type { ThreadEvent } from "../../src/protocol/index.js";
import { httpError, reply, type Step } from "../support/mock-responses-server.js";
import { parseJsonl, runCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import { responseEvents } from "../support/sse-events.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const usage = { input_tokens: 50, cached: 10, output_tokens: 5 };

async function setup(ctx: TestContext, steps: Step[]) {
  const s = await scenario(ctx, steps);
  const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: s.ws.codexHome, CODEX_HOME: s.ws.codexHome };
  return { ...s, codex: new Codex({ env }) };
}

async function collect(events: AsyncGenerator<ThreadEvent>): Promise<ThreadEvent[]> {
  const out: ThreadEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const withoutThreadId = (events: ThreadEvent[]) =>
  events.map((e) => (e.type === "thread.started" ? { ...e, thread_id: "<id>" } : e));

describe.concurrent("Codex API", () => {
  it("runStreamed yields exactly the CLI's JSONL for the same scenario", async (ctx) => {
    const script = (): Step[] => [
      reply([{ reasoning: "plan" }, { functionCall: { name: "update_plan", arguments: { plan: [{ step: "a", status: "in_progress" }] } } }], usage),
      reply([{ message: "done" }], usage),
    ];
    const { ws, mock, codex } = await setup(ctx, [...script(), ...script()]);
    const thread = codex.startThread({ workingDirectory: ws.repo });
    const { events } = await thread.runStreamed("go");
    const api = await collect(events);
    const cli = parseJsonl((await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome })).stdout);
    const normalize = (list: ThreadEvent[]) =>
      withoutThreadId(list).map((e) => (e.type === "turn.completed" ? { ...e, response_ids: [] } : e));
    expect(normalize(api)).toEqual(normalize(cli));
    expect(thread.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(mock.requests).toHaveLength(4);
  });

  it("run returns items, the final response and usage; a second run continues the thread", async (ctx) => {
    const { ws, mock, codex } = await setup(ctx, [reply([{ message: "first" }], usage), reply([{ message: "second" }], usage)]);
    const thread = codex.startThread({ workingDirectory: ws.repo });
    const turn = await thread.run("one");
    expect(turn).toMatchObject({ finalResponse: "first", usage: { input_tokens: 50, output_tokens: 5 } });
    expect(turn.items.map((i) => i.type)).toEqual(["agent_message"]);
    const next = await thread.run("two");
    expect(next.finalResponse).toBe("second");
    expect(next.usage?.input_tokens).toBe(100);
    const input = JSON.stringify(mock.requests[1]?.body["input"]);
    expect(input).toContain("one");
    expect(input).toContain("first");
    // resumeThread with the id continues from the rollout as well.
    const id = thread.id ?? "";
    mock.enqueue(reply([{ message: "third" }], usage));
    const resumed = await codex.resumeThread(id, { workingDirectory: ws.repo }).run("three");
    expect(resumed.finalResponse).toBe("third");
    expect(JSON.stringify(mock.requests[2]?.body["input"])).toContain("second");
  });

  it("outputSchema: the answer is checked and returned as JSON text", async (ctx) => {
    const { ws, mock, codex } = await setup(ctx, [reply([{ message: '{"ok":true}' }])]);
    const turn = await codex.startThread({ workingDirectory: ws.repo }).run("json please", {
      outputSchema: { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"], additionalProperties: false },
    });
    expect(JSON.parse(turn.finalResponse)).toEqual({ ok: true });
    expect(mock.requests[0]?.body["text"]).toMatchObject({ format: { type: "json_schema", strict: true } });
  });

  it("abort via signal stops the turn: no turn.completed, and the stream ends with an AbortError", async (ctx) => {
    const { ws, codex } = await setup(ctx, [{ kind: "sse", events: responseEvents([{ message: "slow" }]), hangAfter: 3 }]);
    const controller = new AbortController();
    const { events } = await codex.startThread({ workingDirectory: ws.repo }).runStreamed("wait", { signal: controller.signal });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const e of events) {
        seen.push(e.type);
        if (e.type === "turn.started") controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["thread.started", "turn.started"]);
    expect(err).toMatchObject({ name: "AbortError" });
  });

  it("run with an aborted signal rejects (it does not resolve as an empty answer)", async (ctx) => {
    const { ws, codex, mock } = await setup(ctx, [reply([{ message: "never asked" }])]);
    const controller = new AbortController();
    controller.abort(new Error("caller gave up"));
    await expect(codex.startThread({ workingDirectory: ws.repo }).run("hi", { signal: controller.signal })).rejects.toThrow("caller gave up");
    expect(mock.requests.length).toBeLessThanOrEqual(1);
  });

  it("a consumer that stops reading early stops the turn: the model's next command never starts", async (ctx) => {
    const { ws, codex, mock } = await setup(ctx, [
      reply([{ functionCall: { name: "exec_command", arguments: { cmd: "sleep 5; touch first", yield_time_ms: 10_000 } } }]),
      reply([{ functionCall: { name: "exec_command", arguments: { cmd: "touch second" } } }]),
      reply([{ message: "done" }]),
    ]);
    const { events } = await codex.startThread({ workingDirectory: ws.repo, sandboxMode: "workspace-write" }).runStreamed("go");
    for await (const e of events) if (e.type === "item.started") break;
    // Returning from the loop waited for the turn to be stopped and the session to close.
    expect(mock.requests).toHaveLength(1);
    const { existsSync } = await import("node:fs");
    expect(existsSync(path.join(ws.repo, "first"))).toBe(false);
    expect(existsSync(path.join(ws.repo, "second"))).toBe(false);
  });

  it("two threads run at once in different working directories", async (ctx) => {
    const a = await setup(ctx, [reply([{ functionCall: { name: "exec_command", arguments: { cmd: "pwd" } } }]), reply([{ message: "A" }])]);
    const b = await setup(ctx, [reply([{ functionCall: { name: "exec_command", arguments: { cmd: "pwd" } } }]), reply([{ message: "B" }])]);
    const [ta, tb] = await Promise.all([
      a.codex.startThread({ workingDirectory: a.ws.repo, sandboxMode: "danger-full-access" }).run("where?"),
      b.codex.startThread({ workingDirectory: b.ws.repo, sandboxMode: "danger-full-access" }).run("where?"),
    ]);
    expect([ta.finalResponse, tb.finalResponse]).toEqual(["A", "B"]);
    const out = (t: typeof ta) => t.items.find((i) => i.type === "command_execution");
    expect(out(ta)).toMatchObject({ aggregated_output: `${a.ws.repo}\n` });
    expect(out(tb)).toMatchObject({ aggregated_output: `${b.ws.repo}\n` });
  });

  it("a failed turn throws TurnFailedError with the code (401 → auth)", async (ctx) => {
    const { ws, codex } = await setup(ctx, [httpError(401, { error: { message: "bad key" } })]);
    const err = await codex.startThread({ workingDirectory: ws.repo }).run("hi").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TurnFailedError);
    expect(err).toMatchObject({ code: "auth" });
  });
});

describe.concurrent("generateCode", () => {
  it("returns response, reasoning summary, response id, usage and the number of model calls", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ reasoning: "think first" }, { message: "const x = 1;" }], usage)]);
    const result = await generateCode({
      prompt: "write x",
      systemPrompt: "Only code.",
      baseUrl: mock.url,
      apiKey: "sk-test",
      workingDirectory: ws.repo,
      maxOutputTokens: 300,
      reasoningEffort: "low",
    });
    expect(result).toMatchObject({
      response: "const x = 1;",
      reasoning: "think first",
      usage: { inputTokens: 50, cachedInputTokens: 10, outputTokens: 5, totalTokens: 55 },
      llmCallCount: 1,
    });
    expect(result.responseId).toMatch(/^resp_/);
    const body = mock.requests[0]?.body ?? {};
    expect(body).toMatchObject({ max_output_tokens: 300, reasoning: { effort: "low" } });
    expect(String(body["instructions"])).toMatch(/\n\nOnly code\.$/);
    expect(mock.requests[0]?.headers["authorization"]).toBe("Bearer sk-test");
  });

  it("validates its input and reports a 401 as a typed error", async (ctx) => {
    await expect(generateCode({ prompt: "  " })).rejects.toThrow("generateCode: prompt: prompt must not be empty");
    const { ws, mock } = await scenario(ctx, [httpError(401, { error: { message: "nope" } })]);
    const err = await generateCode({ prompt: "x", baseUrl: mock.url, apiKey: "sk-bad", workingDirectory: ws.repo }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "auth" });
  });
});

describe("package types", () => {
  it("a consumer project type-checks against the emitted declarations", async (ctx) => {
    const { ws } = await scenario(ctx, []);
    const consumer = path.join(ws.root, "consumer");
    await mkdir(path.join(consumer, "node_modules"), { recursive: true });
    await symlink(ROOT, path.join(consumer, "node_modules", "codex-exec"));
    await writeFile(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", noEmit: true, skipLibCheck: false, types: [] }, include: ["main.ts"] }),
    );
    await writeFile(path.join(consumer, "package.json"), JSON.stringify({ type: "module" }));
    await writeFile(
      path.join(consumer, "main.ts"),
      `import { Codex, generateCode, type ThreadEvent, type Turn } from "codex-exec";
const thread = new Codex({ apiKey: "k" }).startThread({ workingDirectory: "/tmp", sandboxMode: "read-only" });
export async function f(): Promise<string> {
  const turn: Turn = await thread.run("hi", { outputSchema: { type: "object" } });
  const { events } = await thread.runStreamed("again");
  for await (const e of events) { const t: ThreadEvent["type"] = e.type; void t; }
  const g = await generateCode({ prompt: "x", maxOutputTokens: 10 });
  return turn.finalResponse + g.response + String(thread.id);
}
`,
    );
    const tsc = path.join(ROOT, "node_modules", ".bin", "tsc");
    const r = await promisify(execFile)(tsc, ["-p", consumer]).then(
      () => ({ ok: true, out: "" }),
      (e: { stdout?: string }) => ({ ok: false, out: e.stdout ?? String(e) }),
    );
    expect(r.out).toBe("");
    expect(r.ok).toBe(true);
  });
});
