// The benchmark scenarios of issue 13, each run against one target (codex-exec, or the reference codex).

import { appendFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { MockResponsesServer, reply, type RecordedRequest, type Step } from "../test/support/mock-responses-server.js";
import { encodeSse, responseEvents } from "../test/support/sse-events.js";
import { makeWorkspace, mockProviderConfig, type Workspace } from "../test/support/temp-repo.js";
import { childEnv, runCommand, runTarget, type Measured, type Target } from "./harness.js";
import type { Row } from "./table.js";

/** Collects samples and problems into the rows of the table. */
export class Recorder {
  readonly rows: Row[] = [];

  constructor(defs: ReadonlyArray<Omit<Row, "samples" | "problems">>) {
    for (const d of defs) this.rows.push({ ...d, samples: {}, problems: {} });
  }

  private row(scenario: string, metric: string): Row {
    const r = this.rows.find((x) => x.scenario === scenario && x.metric === metric);
    if (!r) throw new Error(`bench: no row ${scenario} / ${metric}`);
    return r;
  }

  sample(scenario: string, metric: string, target: string, value: number | null): void {
    if (value === null || !Number.isFinite(value)) return;
    ((this.row(scenario, metric).samples[target] ??= [])).push(value);
  }

  problem(scenario: string, metric: string, target: string, text: string): void {
    ((this.row(scenario, metric).problems[target] ??= [])).push(text);
  }
}

export interface BenchContext {
  rec: Recorder;
  /** Scales every repetition count (`--quick` uses fewer). */
  reps: (n: number) => number;
  /** Median peak RSS of a plain run per target, MiB: the base "RSS growth" is measured from. */
  baselineRss: Record<string, number>;
  log: (line: string) => void;
}

const PROVIDER_EXTRA = "request_max_retries = 0\nstream_max_retries = 0\nstream_idle_timeout_ms = 60000";

interface BenchEnv {
  ws: Workspace;
  close: () => Promise<void>;
}

/** How many requests one mock can answer; every answer comes from the scenario's `respond`. */
const MAX_REQUESTS = 5_000;

/**
 * A mock server and a workspace pointing at it. Each `/responses` request is answered by
 * `respond(request)`, so answers never depend on arrival order; any other request (a reference
 * binary may ask for `/models`) gets a 404 and does not disturb the scenario.
 */
async function setup(respond: (req: RecordedRequest) => Step): Promise<BenchEnv> {
  const route: Step = {
    kind: "dynamic",
    build: (req) =>
      req.method === "POST" && /\/responses(\?|$)/.test(req.path)
        ? respond(req)
        : { kind: "http", status: 404, body: { error: { message: `bench mock: no ${req.method} ${req.path}`, type: "not_found" } } },
  };
  const mock = await MockResponsesServer.start(Array.from({ length: MAX_REQUESTS }, () => route));
  const ws = await makeWorkspace({ config: mockProviderConfig(mock.url, PROVIDER_EXTRA) });
  return {
    ws,
    close: async () => {
      await mock.close();
      await ws.cleanup();
    },
  };
}

/** The text of every user message of a request. */
function userText(req: RecordedRequest): string {
  const input = (req.body["input"] ?? []) as Array<Record<string, unknown>>;
  return input
    .filter((i) => i["role"] === "user")
    .map((i) => JSON.stringify(i["content"] ?? ""))
    .join("\n");
}

/** Why a run failed, or null. The last stderr lines (all of it with CODEX_EXEC_BENCH_DEBUG=1). */
function failure(m: Measured): string | null {
  if (m.timedOut) return "timed out";
  if (m.code === 0) return null;
  const stderr = process.env["CODEX_EXEC_BENCH_DEBUG"] ? `\n${m.stderr}` : m.stderr.trim().split("\n").slice(-2).join(" / ").slice(0, 300);
  return `exit ${String(m.code ?? m.signal)}: ${stderr}`;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

// -------------------------------------------------------------------------------------------------

/** Node's own floor: `node -e 0`, for scale. */
export async function nodeFloor(ctx: BenchContext): Promise<void> {
  for (let i = 0; i < ctx.reps(10); i++) {
    const m = await runCommand([process.execPath, "-e", "0"], { cwd: os.tmpdir(), env: { PATH: process.env["PATH"] ?? "" } });
    ctx.rec.sample("node -e 0 (floor)", "wall", "codex-exec", m.wallMs);
  }
}

/** Spawn → first `/responses` request, unwrapped (no /usr/bin/time in between). */
export async function startup(t: Target, ctx: BenchContext): Promise<void> {
  const S = "startup";
  const arrivals: number[] = [];
  const env = await setup(() => {
    arrivals.push(performance.now());
    return reply([{ message: "ok" }]);
  });
  try {
    for (let i = 0; i < ctx.reps(10); i++) {
      const before = arrivals.length;
      const m = await runTarget(t, ["say ok"], { cwd: env.ws.repo, env: childEnv(env.ws.codexHome) });
      const problem = failure(m);
      if (problem) ctx.rec.problem(S, "spawn → first request", t.name, problem);
      const at = arrivals[before];
      if (at !== undefined) ctx.rec.sample(S, "spawn → first request", t.name, at - m.spawnedAt);
    }
  } finally {
    await env.close();
  }
}

/** One question, one answer: wall time and peak RSS. */
export async function plainRun(t: Target, ctx: BenchContext): Promise<void> {
  const S = "plain one-message run";
  const env = await setup(() => reply([{ message: "hello there" }]));
  const rss: number[] = [];
  try {
    for (let i = 0; i < ctx.reps(10); i++) {
      const m = await runTarget(t, ["say hello"], { cwd: env.ws.repo, env: childEnv(env.ws.codexHome), resources: true });
      const problem = failure(m) ?? (m.stdout.includes("hello there") ? null : "final message missing from stdout");
      if (problem) ctx.rec.problem(S, "wall", t.name, problem);
      ctx.rec.sample(S, "wall", t.name, m.wallMs);
      ctx.rec.sample(S, "peak RSS", t.name, m.peakRssMb);
      ctx.rec.sample(S, "CPU", t.name, m.cpuMs);
      if (m.peakRssMb !== null) rss.push(m.peakRssMb);
    }
  } finally {
    await env.close();
  }
  if (rss.length > 0) ctx.baselineRss[t.name] = median(rss);
}

const DELTAS = 100_000;
let streamBody: string | null = null;

/** One SSE body with a message of exactly 100,000 `output_text.delta` events (8 characters each). */
function streamingStep(): Step {
  if (streamBody === null) {
    const words = "lorem ipsum dolor sit amet consectetur adipiscing elit ";
    const text = words.repeat(Math.ceil((DELTAS * 8) / words.length)).slice(0, DELTAS * 8);
    const events = responseEvents([{ message: text }], { input_tokens: 10, output_tokens: DELTAS });
    const deltas = events.filter((e) => e.type === "response.output_text.delta").length;
    if (deltas !== DELTAS) throw new Error(`bench: expected ${DELTAS} deltas, built ${deltas}`);
    streamBody = encodeSse(events).join("");
  }
  // The whole body goes out as one write: the child's parsing is measured, not the mock's pacing.
  return { kind: "sse", events: [], rawPrefix: streamBody };
}

/** A response of 100,000 text deltas, rendered in `--json` or human mode: CPU time and RSS growth. */
export async function streaming(t: Target, ctx: BenchContext, mode: "json" | "human"): Promise<void> {
  const S = `100k deltas, ${mode === "json" ? "--json" : "human"}`;
  const env = await setup(streamingStep);
  try {
    for (let i = 0; i < ctx.reps(3); i++) {
      const args = mode === "json" ? ["--json", "stream please"] : ["stream please"];
      const m = await runTarget(t, args, { cwd: env.ws.repo, env: childEnv(env.ws.codexHome), resources: true, keepStdout: 1024 });
      const problem = failure(m) ?? (m.stdoutBytes >= DELTAS * 8 ? null : `stdout has ${m.stdoutBytes} bytes, expected the whole message`);
      if (problem) ctx.rec.problem(S, "CPU", t.name, problem);
      ctx.rec.sample(S, "CPU", t.name, m.cpuMs);
      ctx.rec.sample(S, "wall", t.name, m.wallMs);
      ctx.rec.sample(S, "peak RSS", t.name, m.peakRssMb);
      const base = ctx.baselineRss[t.name];
      if (m.peakRssMb !== null && base !== undefined) ctx.rec.sample(S, "RSS growth", t.name, m.peakRssMb - base);
    }
  } finally {
    await env.close();
  }
}

const GIGABYTE = 1_000_000_000;

/** The model runs a command printing 1 GB: the run completes, memory stays flat, the model gets a truncated output. */
export async function bigToolOutput(t: Target, ctx: BenchContext): Promise<void> {
  const S = "tool prints 1 GB";
  const callId = "call_big";
  const line = "codex-exec bench: a line of tool output that is sixty-four bytes";
  const cmd = `yes '${line}' | head -c ${GIGABYTE}`;
  let seen: { length: number; truncated: boolean; exited: boolean } | null = null;
  // First the call; once its output comes back (that request carries it), the final answer.
  const env = await setup((req) => {
    const out = functionOutput(req, callId);
    if (out === null) return reply([{ functionCall: { name: "exec_command", arguments: { cmd, yield_time_ms: 30_000 }, callId } }]);
    seen = { length: out.length, truncated: /truncated/.test(out), exited: /exited with code 0/.test(out) };
    return reply([{ message: "that was a lot of output" }]);
  });
  try {
    for (let i = 0; i < ctx.reps(2); i++) {
      seen = null;
      const m = await runTarget(t, ["--json", "-s", "danger-full-access", "print a gigabyte"], {
        cwd: env.ws.repo,
        env: childEnv(env.ws.codexHome),
        resources: true,
        timeoutMs: 180_000,
        keepStdout: 4096,
      });
      const got = seen as { length: number; truncated: boolean; exited: boolean } | null;
      const problem =
        failure(m) ??
        (got === null
          ? "the model never received the command's output"
          : !got.exited
            ? "the command had not finished when its output went to the model"
            : !got.truncated || got.length > 256 * 1024
              ? `the model received ${got.length} characters, not a truncated output`
              : null);
      if (problem) ctx.rec.problem(S, "wall", t.name, problem);
      ctx.rec.sample(S, "wall", t.name, m.wallMs);
      ctx.rec.sample(S, "CPU", t.name, m.cpuMs);
      ctx.rec.sample(S, "peak RSS", t.name, m.peakRssMb);
      const base = ctx.baselineRss[t.name];
      if (m.peakRssMb !== null && base !== undefined) ctx.rec.sample(S, "RSS growth", t.name, m.peakRssMb - base);
      if (got) ctx.rec.sample(S, "output sent to model", t.name, (got as { length: number }).length / 1024);
    }
  } finally {
    await env.close();
  }
}

/** The text of the function_call_output for `callId` in a request, or null. */
function functionOutput(req: RecordedRequest, callId: string): string | null {
  const input = (req.body["input"] ?? []) as Array<Record<string, unknown>>;
  const item = input.find((i) => i["type"] === "function_call_output" && i["call_id"] === callId);
  const out = item?.["output"];
  if (typeof out === "string") return out;
  if (Array.isArray(out)) return out.map((p: { text?: string }) => p.text ?? "").join("");
  return null;
}

const RESUME_ITEMS = 10_000;

/** Resume a thread whose rollout holds 10,000 items: spawn → first request (which carries them all). */
export async function resumeLarge(t: Target, ctx: BenchContext): Promise<void> {
  const S = "resume 10k-item rollout";
  const arrivals: number[] = [];
  let inputItems = 0;
  let resuming = false;
  const env = await setup((req) => {
    if (!resuming) return reply([{ message: "first answer" }]);
    arrivals.push(performance.now());
    inputItems = ((req.body["input"] ?? []) as unknown[]).length;
    return reply([{ message: "resumed" }]);
  });
  try {
    // The target writes its own session first, so the file is in its own format; then it grows.
    const first = await runTarget(t, ["--json", "first question"], { cwd: env.ws.repo, env: childEnv(env.ws.codexHome) });
    const firstProblem = failure(first);
    const rollout = findRollouts(env.ws.codexHome)[0];
    if (firstProblem || !rollout) {
      ctx.rec.problem(S, "spawn → first request", t.name, firstProblem ?? "the first run wrote no rollout");
      return;
    }
    appendHistory(rollout.file, RESUME_ITEMS);
    resuming = true;
    for (let i = 0; i < ctx.reps(5); i++) {
      inputItems = 0;
      const before = arrivals.length;
      const m = await runTarget(t, ["resume", rollout.id, "and now?"], { cwd: env.ws.repo, env: childEnv(env.ws.codexHome), resources: true });
      const problem =
        failure(m) ?? (inputItems >= RESUME_ITEMS ? null : `the first request carried ${inputItems} input items, not ≥ ${RESUME_ITEMS}`);
      if (problem) ctx.rec.problem(S, "spawn → first request", t.name, problem);
      const at = arrivals[before];
      if (at !== undefined) ctx.rec.sample(S, "spawn → first request", t.name, at - m.spawnedAt);
      ctx.rec.sample(S, "peak RSS", t.name, m.peakRssMb);
    }
  } finally {
    await env.close();
  }
}

/** Append `n` alternating user / assistant message items (about 100 bytes of text each). */
function appendHistory(file: string, n: number): void {
  const lines: string[] = [];
  const ts = new Date().toISOString();
  for (let i = 0; i < n; i++) {
    const user = i % 2 === 0;
    const text = `${user ? "question" : "answer"} ${i}: ${"the quick brown fox jumps over the lazy dog ".repeat(2)}`;
    const payload = {
      type: "message",
      role: user ? "user" : "assistant",
      content: [{ type: user ? "input_text" : "output_text", text }],
    };
    lines.push(JSON.stringify({ timestamp: ts, type: "response_item", payload }));
  }
  appendFileSync(file, `${lines.join("\n")}\n`);
}

/** Every rollout file under `$CODEX_HOME/sessions`, with the thread id its name carries. */
function findRollouts(codexHome: string): Array<{ file: string; id: string }> {
  const out: Array<{ file: string; id: string }> = [];
  const walk = (dir: string): void => {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const m = /^rollout-.*-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i.exec(name);
        if (m?.[1]) out.push({ file: full, id: m[1].toLowerCase() });
      }
    }
  };
  walk(path.join(codexHome, "sessions"));
  return out;
}

const CONCURRENT = 20;

/** 20 runs at once, sharing CODEX_HOME and the repository, on (at most) 2 cores: all complete, every rollout intact. */
export async function concurrentRuns(t: Target, ctx: BenchContext, wrapper: readonly string[]): Promise<void> {
  const S = `${CONCURRENT} concurrent runs`;
  for (let round = 0; round < ctx.reps(3); round++) {
    const env = await setup((req) => reply([{ message: `done #${/concurrent run #(\d+)/.exec(userText(req))?.[1] ?? "?"}` }]));
    try {
      const started = performance.now();
      const runs = await Promise.all(
        Array.from({ length: CONCURRENT }, (_, i) =>
          runTarget(t, ["--json", `concurrent run #${i}`], {
            cwd: env.ws.repo,
            env: childEnv(env.ws.codexHome),
            wrapper,
            timeoutMs: 120_000,
          }),
        ),
      );
      const batchMs = performance.now() - started;
      const failed = runs.map(failure).filter((p): p is string => p !== null);
      for (const p of failed) ctx.rec.problem(S, "batch wall", t.name, p);
      for (const p of checkRollouts(env.ws.codexHome, runs)) ctx.rec.problem(S, "batch wall", t.name, p);
      ctx.rec.sample(S, "batch wall", t.name, batchMs);
      ctx.rec.sample(S, "slowest run", t.name, Math.max(...runs.map((r) => r.wallMs)));
      ctx.rec.sample(S, "completed", t.name, runs.length - failed.length);
    } finally {
      await env.close();
    }
  }
}

/** Each run has exactly one rollout, every line of it is JSON, and it holds that run's prompt and answer only. */
function checkRollouts(codexHome: string, runs: readonly Measured[]): string[] {
  const problems: string[] = [];
  const files = findRollouts(codexHome);
  if (files.length !== runs.length) problems.push(`${files.length} rollout files for ${runs.length} runs`);
  const byId = new Map<string, number>();
  for (const { file, id } of files) {
    const lines = readFileSync(file, "utf8").split("\n").filter((l) => l !== "");
    const parsed: Array<{ type?: string; payload?: Record<string, unknown> }> = [];
    for (const [i, l] of lines.entries()) {
      try {
        parsed.push(JSON.parse(l) as { type?: string; payload?: Record<string, unknown> });
      } catch {
        problems.push(`${path.basename(file)} line ${i + 1} is not JSON`);
      }
    }
    const meta = parsed[0];
    if (meta?.type !== "session_meta" || String(meta.payload?.["id"]).toLowerCase() !== id) {
      problems.push(`${path.basename(file)} does not start with its own session_meta`);
    }
    const texts = (role: string): string[] =>
      parsed
        .filter((p) => p.type === "response_item" && p.payload?.["type"] === "message" && p.payload["role"] === role)
        .map((p) => JSON.stringify(p.payload?.["content"] ?? ""));
    const asked = new Set(texts("user").flatMap((s) => [...s.matchAll(/concurrent run #(\d+)/g)].map((m) => m[1])));
    const answered = new Set(texts("assistant").flatMap((s) => [...s.matchAll(/done #(\d+)/g)].map((m) => m[1])));
    if (asked.size !== 1 || answered.size !== 1 || [...asked][0] !== [...answered][0]) {
      problems.push(`${path.basename(file)} mixes runs: asked ${[...asked].join(",")}, answered ${[...answered].join(",")}`);
      continue;
    }
    byId.set(id, Number([...asked][0]));
  }
  // The thread id each run announced must be the file holding that run's prompt.
  for (const [i, r] of runs.entries()) {
    const started = r.stdout.split("\n").find((l) => l.includes('"thread.started"'));
    const id = started ? String((JSON.parse(started) as { thread_id?: string }).thread_id).toLowerCase() : null;
    if (id === null) problems.push(`run #${i} printed no thread.started`);
    else if (byId.get(id) !== i) problems.push(`run #${i}'s rollout ${id} does not hold its own conversation`);
  }
  return problems;
}
