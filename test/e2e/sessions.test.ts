// End to end: rollout files, resume, fork, --ephemeral, SIGKILL recovery, concurrent writers, auto-compaction.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, mkdir, readdir, readFile, realpath, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { RolloutItem } from "../../src/protocol/index.js";
import { reply, responseIdsOf, type RecordedRequest, type Step } from "../support/mock-responses-server.js";
import { responseEvents } from "../support/sse-events.js";
import { parseJsonl, runCli, sequence, startCli, type RunOptions } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const VERSION = (JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const HANDOFF_PROMPT = (await readFile(path.join(ROOT, "src/agent/compaction-prompt.md"), "utf8")).trim();

const usage = { input_tokens: 10, output_tokens: 5 };
const USAGE_20_10 = {
  input_tokens: 20,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  output_tokens: 10,
  reasoning_output_tokens: 0,
};
const plan = { functionCall: { name: "update_plan", arguments: { plan: [{ step: "write it", status: "in_progress" }] } } };
/** A plan whose call is large, so dropping it from the history makes the next request clearly smaller. */
const bigPlan = {
  functionCall: { name: "update_plan", arguments: { plan: [{ step: `rewrite ${"every module ".repeat(200)}`, status: "in_progress" }] } },
};

type Json = Record<string, unknown>;
type InputItem = { type: string; role?: string; content?: Array<{ type: string; text?: string }> } & Json;

/** Every `rollout-*.jsonl` under `$CODEX_HOME/sessions`, as paths relative to CODEX_HOME, sorted. */
async function rolloutFiles(codexHome: string): Promise<string[]> {
  const dir = path.join(codexHome, "sessions");
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(codexHome, path.join(e.parentPath, e.name)))
    .sort();
}

/** The one rollout whose name ends with the thread id. */
async function rolloutOf(codexHome: string, threadId: string): Promise<string> {
  const files = (await rolloutFiles(codexHome)).filter((f) => f.endsWith(`-${threadId}.jsonl`));
  expect(files).toHaveLength(1);
  return path.join(codexHome, files[0] as string);
}

interface Line {
  timestamp: string;
  type: string;
  payload: Json;
}

/** Parse a whole rollout: it must end with "\n" and every line must be a valid rollout item. */
function parseRollout(text: string): Line[] {
  expect(text.endsWith("\n")).toBe(true);
  return text
    .slice(0, -1)
    .split("\n")
    .map((l) => {
      const raw = JSON.parse(l) as Line;
      expect(Object.keys(raw)).toEqual(["timestamp", "type", "payload"]);
      expect(raw.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(RolloutItem.safeParse({ type: raw.type, payload: raw.payload }).success, l).toBe(true);
      return raw;
    });
}

async function readRolloutLines(file: string): Promise<Line[]> {
  return parseRollout(await readFile(file, "utf8"));
}

/** `type` or `type:payload.type` of each line. */
function kinds(lines: readonly Line[]): string[] {
  return lines.map((l) => (l.type === "event_msg" || l.type === "response_item" ? `${l.type}:${String(l.payload["type"])}` : l.type));
}

function threadIdOf(stdout: string): string {
  const first = parseJsonl(stdout)[0];
  if (first?.type !== "thread.started") throw new Error(`no thread.started in ${stdout}`);
  return first.thread_id;
}

function inputOf(req: RecordedRequest | undefined): InputItem[] {
  return (req?.body["input"] ?? []) as InputItem[];
}

/** All input_text parts of messages with this role, in order. */
function texts(input: readonly InputItem[], role?: string): string[] {
  return input.flatMap((it) =>
    it.type === "message" && (role === undefined || it.role === role) ? (it.content ?? []).flatMap((c) => (c.text === undefined ? [] : [c.text])) : [],
  );
}

function userMsg(text: string): Json {
  return { type: "message", role: "user", content: [{ type: "input_text", text }] };
}

/** The text of the last user message of a request (what a dynamic step answers). */
function lastUserText(req: RecordedRequest): string {
  return texts(inputOf(req), "user").at(-1) ?? "";
}

/** Poll a condition (for on-disk state that has no event to wait on); fails the test after `ms`. */
async function until(what: string, cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Wait until the run's one rollout file holds `text`; returns its path. */
async function rolloutHolding(codexHome: string, text: string): Promise<string> {
  let file = "";
  await until(`the rollout to hold ${text}`, async () => {
    const files = await rolloutFiles(codexHome);
    if (files.length !== 1) return false;
    file = path.join(codexHome, files[0] as string);
    return (await readFile(file, "utf8")).includes(text);
  });
  return file;
}

const opts = (ws: { repo: string; codexHome: string }, extra: Partial<RunOptions> = {}): RunOptions => ({
  cwd: ws.repo,
  codexHome: ws.codexHome,
  ...extra,
});

describe.concurrent("rollout files", () => {
  it("a run writes one rollout named by date and thread id: session_meta first, then the turn, every line valid", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "Hello back." }], usage)]);
    const r = await runCli(["--json", "hello"], opts(ws));
    expect(r.code).toBe(0);
    const id = threadIdOf(r.stdout);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const files = await rolloutFiles(ws.codexHome);
    expect(files).toHaveLength(1);
    const m = /^sessions\/(\d{4})\/(\d{2})\/(\d{2})\/rollout-(\d{4})-(\d{2})-(\d{2})T\d{2}-\d{2}-\d{2}-(.+)\.jsonl$/.exec(files[0] as string);
    expect(m).not.toBeNull();
    const [, y, mo, d, fy, fmo, fd, fid] = m as RegExpExecArray;
    expect([fy, fmo, fd]).toEqual([y, mo, d]);
    expect(fid).toBe(id);
    const file = path.join(ws.codexHome, files[0] as string);
    // Transcripts can hold secrets: owner-only.
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const lines = await readRolloutLines(file);
    expect(kinds(lines)).toEqual([
      "session_meta",
      "event_msg:task_started",
      "turn_context",
      "response_item:message", // developer: permissions
      "response_item:message", // user: environment context
      "response_item:message", // user: the prompt
      "event_msg:user_message",
      "response_item:message", // assistant
      "event_msg:agent_message",
      "event_msg:token_count",
      "event_msg:task_complete",
    ]);
    const meta = lines[0]?.payload as Json;
    expect(meta).toMatchObject({
      id,
      cwd: await realpath(ws.repo),
      originator: "codex_exec",
      cli_version: VERSION,
      source: "exec",
      model_provider: "mock",
    });
    expect(meta["forked_from_id"]).toBeUndefined();
    expect(typeof (meta["base_instructions"] as { text: string }).text).toBe("string");
    expect(lines[2]?.payload).toMatchObject({ cwd: await realpath(ws.repo), model: "gpt-5.5", approval_policy: "never" });
    expect(lines[5]?.payload).toEqual(userMsg("hello"));
    expect(lines[6]?.payload).toEqual({ type: "user_message", message: "hello" });
    expect(lines[7]?.payload).toMatchObject({ type: "message", role: "assistant", content: [{ type: "output_text", text: "Hello back." }] });
    expect(lines[8]?.payload).toEqual({ type: "agent_message", message: "Hello back." });
    expect(lines[9]?.payload).toEqual({
      type: "token_count",
      info: {
        total_token_usage: { ...USAGE_20_10, input_tokens: 10, output_tokens: 5 },
        last_token_usage: { ...USAGE_20_10, input_tokens: 10, output_tokens: 5 },
      },
    });
    expect(lines[10]?.payload).toMatchObject({ type: "task_complete", last_agent_message: "Hello back." });
  });

  it("--ephemeral writes no sessions folder and no file", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }], usage)]);
    const r = await runCli(["--ephemeral", "--json", "hello"], opts(ws));
    expect(r.code).toBe(0);
    expect(sequence(parseJsonl(r.stdout))).toEqual(["thread.started", "turn.started", "item.completed:agent_message", "turn.completed"]);
    expect(mock.requests).toHaveLength(1);
    expect(existsSync(path.join(ws.codexHome, "sessions"))).toBe(false);
    expect(await readdir(ws.codexHome)).not.toContain("sessions");
  });
});

describe.concurrent("resume", () => {
  it("resume <id>: same thread id, earlier turn resent before the new prompt, same file grows, usage cumulative", async (ctx) => {
    const second = reply([{ message: "Second answer." }], usage);
    const { ws, mock } = await scenario(ctx, [reply([{ message: "First answer." }], usage), second]);
    const first = await runCli(["--json", "first prompt"], opts(ws));
    expect(first.code).toBe(0);
    const id = threadIdOf(first.stdout);
    const file = await rolloutOf(ws.codexHome, id);
    const before = await readFile(file);

    const r = await runCli(["--json", "resume", id, "next"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    const events = parseJsonl(r.stdout);
    expect(events[0]).toEqual({ type: "thread.started", thread_id: id });
    expect(sequence(events)).toEqual(["thread.started", "turn.started", "item.completed:agent_message", "turn.completed"]);
    // Only this run's response: the resumed turn's ids, not the earlier turn's.
    expect(events.at(-1)).toEqual({ type: "turn.completed", usage: USAGE_20_10, response_ids: responseIdsOf(second) });

    expect(mock.requests).toHaveLength(2);
    const earlier = inputOf(mock.requests[0]);
    const input = inputOf(mock.requests[1]);
    expect(input.slice(0, earlier.length)).toEqual(earlier);
    expect(input.slice(earlier.length)).toEqual([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "First answer." }] },
      userMsg("next"),
    ]);
    expect(texts(input, "user").filter((t) => t.startsWith("<environment_context>"))).toHaveLength(1);

    expect(await rolloutFiles(ws.codexHome)).toEqual([path.relative(ws.codexHome, file)]);
    const after = await readFile(file);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    const lines = parseRollout(after.toString("utf8"));
    expect(kinds(lines).filter((k) => k === "session_meta")).toHaveLength(1);
    expect(kinds(lines).filter((k) => k === "turn_context")).toHaveLength(2);
    const added = lines.slice(parseRollout(before.toString("utf8")).length);
    expect(added.map((l) => l.payload)).toContainEqual(userMsg("next"));
    expect(added.find((l) => l.payload["type"] === "token_count")?.payload).toEqual({
      type: "token_count",
      info: { total_token_usage: USAGE_20_10, last_token_usage: { ...USAGE_20_10, input_tokens: 10, output_tokens: 5 } },
    });
    // No initial context is recorded a second time.
    expect(added.filter((l) => l.type === "response_item" && l.payload["role"] === "developer")).toHaveLength(0);
  });

  it("human mode: resume shows the same session id and cumulative tokens used", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "one" }], usage), reply([{ message: "two" }], usage)]);
    const first = await runCli(["--json", "first prompt"], opts(ws));
    const id = threadIdOf(first.stdout);
    const r = await runCli(["--color", "never", "resume", id, "next"], opts(ws));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`session id: ${id}\n`);
    expect(r.stderr).toContain("tokens used\n30\n");
    expect(r.stdout).toBe("two\n");
  });

  it("resume --last picks the newest session of this directory", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([{ message: "A" }], usage),
      reply([{ message: "B" }], usage),
      reply([{ message: "C" }], usage),
    ]);
    const a = await runCli(["--json", "prompt A"], opts(ws));
    const b = await runCli(["--json", "prompt B"], opts(ws));
    const idB = threadIdOf(b.stdout);
    expect(threadIdOf(a.stdout)).not.toBe(idB);
    const r = await runCli(["--json", "resume", "--last", "next"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(threadIdOf(r.stdout)).toBe(idB);
    const userTexts = texts(inputOf(mock.requests[2]), "user");
    expect(userTexts).toContain("prompt B");
    expect(userTexts).not.toContain("prompt A");
    expect(userTexts.at(-1)).toBe("next");
    expect(await rolloutFiles(ws.codexHome)).toHaveLength(2);
  });

  it("resume --last ignores a newer session from another directory unless --all; a thread's directory is its latest turn's", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([{ message: "here" }], usage),
      reply([{ message: "there" }], usage),
      reply([{ message: "resumed there" }], usage),
      reply([{ message: "resumed here" }], usage),
    ]);
    const gitDir = async (name: string): Promise<string> => {
      const dir = path.join(ws.root, name);
      await mkdir(dir);
      await promisify(execFile)("git", ["init", "-q"], { cwd: dir });
      return dir;
    };
    const other = await gitDir("other");
    const elsewhere = await gitDir("elsewhere");
    const here = threadIdOf((await runCli(["--json", "prompt here"], opts(ws))).stdout);
    const there = threadIdOf((await runCli(["--json", "prompt there"], opts(ws, { cwd: other }))).stdout);

    // --all: the newest session of any directory, resumed in the current one.
    const r1 = await runCli(["--json", "resume", "--last", "--all", "next"], opts(ws, { cwd: elsewhere }));
    expect(r1.code, r1.stderr).toBe(0);
    expect(threadIdOf(r1.stdout)).toBe(there);
    expect(texts(inputOf(mock.requests[2]), "user")).toContain("prompt there");

    // Without it, only sessions whose latest turn ran here count, even though `there` is newer.
    const r2 = await runCli(["--json", "resume", "--last", "next"], opts(ws));
    expect(r2.code, r2.stderr).toBe(0);
    expect(threadIdOf(r2.stdout)).toBe(here);
    const userTexts = texts(inputOf(mock.requests[3]), "user");
    expect(userTexts).toContain("prompt here");
    expect(userTexts).not.toContain("prompt there");

    // `there` last ran in `elsewhere`, so `other` has nothing to resume any more.
    const r3 = await runCli(["--json", "resume", "--last", "next"], opts(ws, { cwd: other }));
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain(`no session to resume in ${await realpath(other)}`);
    expect(mock.requests).toHaveLength(4);
    expect(await rolloutFiles(ws.codexHome)).toHaveLength(2);
  });

  it("resume --last picks the most recently updated session, not the most recently started (codex sorts by updated_at)", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([{ message: "A" }], usage),
      reply([{ message: "B" }], usage),
      reply([{ message: "A again" }], usage),
      reply([{ message: "last" }], usage),
    ]);
    const a = threadIdOf((await runCli(["--json", "prompt A"], opts(ws))).stdout);
    // Session A was started long ago (its file name carries its start time).
    const fileA = await rolloutOf(ws.codexHome, a);
    const oldDir = path.join(ws.codexHome, "sessions", "2020", "01", "02");
    await mkdir(oldDir, { recursive: true });
    await rename(fileA, path.join(oldDir, `rollout-2020-01-02T03-04-05-${a}.jsonl`));
    const b = threadIdOf((await runCli(["--json", "prompt B"], opts(ws))).stdout);
    // Then A is continued: it is now the most recently updated session.
    const more = await runCli(["--json", "resume", a, "more A"], opts(ws));
    expect(more.code, more.stderr).toBe(0);
    expect(threadIdOf(more.stdout)).toBe(a);
    expect(b).not.toBe(a);

    const r = await runCli(["--json", "resume", "--last", "next"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(threadIdOf(r.stdout)).toBe(a);
    expect(texts(inputOf(mock.requests[3]), "user").filter((t) => !t.startsWith("<"))).toEqual(["prompt A", "more A", "next"]);
  });

  it("resume --last with no session in this directory: exit 1 with a message, no request, nothing written", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "x" }], usage)]);
    const r = await runCli(["--json", "resume", "--last", "next"], opts(ws));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`no session to resume in ${await realpath(ws.repo)}`);
    expect(mock.requests).toHaveLength(0);
    expect(existsSync(path.join(ws.codexHome, "sessions"))).toBe(false);
  });

  it("resume <unknown uuid>: exit 1 naming the id; no new thread is started", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "x" }], usage)]);
    const unknown = "0199a0b1-2c3d-7e4f-8a5b-6c7d8e9f0a1b";
    const r = await runCli(["--json", "resume", unknown, "next"], opts(ws));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`no session found with id ${unknown}`);
    expect(mock.requests).toHaveLength(0);
    expect(existsSync(path.join(ws.codexHome, "sessions"))).toBe(false);
  });

  it("a torn last line (writer killed mid-line) is ignored by resume and not fused with the next line", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "First answer." }], usage), reply([{ message: "ok" }], usage)]);
    const id = threadIdOf((await runCli(["--json", "first prompt"], opts(ws))).stdout);
    const file = await rolloutOf(ws.codexHome, id);
    const torn = '{"timestamp":"2026-01-01T00:00:00.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"TORN';
    await appendFile(file, torn);
    const r = await runCli(["--json", "resume", id, "next"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    const all = JSON.stringify(inputOf(mock.requests[1]));
    expect(all).not.toContain("TORN");
    expect(texts(inputOf(mock.requests[1]), "user").slice(-2)).toEqual(["first prompt", "next"]);
    const text = await readFile(file, "utf8");
    const rows = text.split("\n");
    const at = rows.indexOf(torn);
    expect(at).toBeGreaterThan(0);
    // Everything but the torn row parses, including the rows appended after it.
    parseRollout(rows.filter((_, i) => i !== at).join("\n"));
    expect(rows.length - 1).toBeGreaterThan(at + 1);
  });
});

describe.concurrent("fork", () => {
  it("fork <id> \"next\": new thread id, source history sent, new rollout with forked_from_id, source untouched", async (ctx) => {
    const forkedReply = reply([{ message: "Forked answer." }], usage);
    const { ws, mock } = await scenario(ctx, [
      reply([{ message: "First answer." }], usage),
      forkedReply,
      reply([{ message: "Third." }], usage),
    ]);
    const source = threadIdOf((await runCli(["--json", "first prompt"], opts(ws))).stdout);
    const sourceFile = await rolloutOf(ws.codexHome, source);
    const sourceBytes = await readFile(sourceFile);

    const r = await runCli(["--json", "fork", source, "next"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    const forked = threadIdOf(r.stdout);
    expect(forked).not.toBe(source);
    expect(parseJsonl(r.stdout).at(-1)).toEqual({
      type: "turn.completed",
      usage: USAGE_20_10,
      response_ids: responseIdsOf(forkedReply),
    });

    const earlier = inputOf(mock.requests[0]);
    const input = inputOf(mock.requests[1]);
    expect(input.slice(0, earlier.length)).toEqual(earlier);
    expect(input.slice(earlier.length)).toEqual([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "First answer." }] },
      userMsg("next"),
    ]);
    expect(mock.requests[1]?.body["prompt_cache_key"]).toBe(forked);

    expect((await readFile(sourceFile)).equals(sourceBytes)).toBe(true);
    expect(await rolloutFiles(ws.codexHome)).toHaveLength(2);
    const forkLines = await readRolloutLines(await rolloutOf(ws.codexHome, forked));
    expect(forkLines[0]?.type).toBe("session_meta");
    expect(forkLines[0]?.payload).toMatchObject({ id: forked, forked_from_id: source, source: "exec" });

    // The fork's own rollout resumes to exactly its history (the copied turn is not doubled).
    const again = await runCli(["--json", "resume", forked, "third"], opts(ws));
    expect(again.code, again.stderr).toBe(0);
    expect(threadIdOf(again.stdout)).toBe(forked);
    const third = texts(inputOf(mock.requests[2]), "user").filter((t) => !t.startsWith("<"));
    expect(third).toEqual(["first prompt", "next", "third"]);
    expect(texts(inputOf(mock.requests[2]), "user").filter((t) => t.startsWith("<environment_context>"))).toHaveLength(1);
    expect((await readFile(sourceFile)).equals(sourceBytes)).toBe(true);
  });

  it("promptless fork with stdin left open: one thread.started line, exit 0, no request, a resumable copy", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "First answer." }], usage), reply([{ message: "later" }], usage)]);
    const source = threadIdOf((await runCli(["--json", "first prompt"], opts(ws))).stdout);
    const sourceFile = await rolloutOf(ws.codexHome, source);
    const sourceBytes = await readFile(sourceFile);

    const r = await runCli(["--json", "fork", source], opts(ws, { stdin: "open" }));
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    const forked = threadIdOf(r.stdout);
    expect(JSON.parse(lines[0] as string)).toEqual({ type: "thread.started", thread_id: forked });
    expect(forked).not.toBe(source);
    expect(mock.requests).toHaveLength(1);
    expect((await readFile(sourceFile)).equals(sourceBytes)).toBe(true);

    // The printed id is usable: its rollout names the source, and resuming it carries the source history.
    const forkLines = await readRolloutLines(await rolloutOf(ws.codexHome, forked));
    expect(forkLines[0]?.payload).toMatchObject({ id: forked, forked_from_id: source });
    const later = await runCli(["--json", "resume", forked, "go on"], opts(ws));
    expect(later.code, later.stderr).toBe(0);
    expect(threadIdOf(later.stdout)).toBe(forked);
    expect(texts(inputOf(mock.requests[1]), "user").filter((t) => !t.startsWith("<"))).toEqual(["first prompt", "go on"]);
  });

  it("promptless fork needs no API key (nothing is sent); a fork with a prompt still does", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "First answer." }], usage)], { providerExtra: 'env_key = "MOCK_API_KEY"' });
    const source = threadIdOf((await runCli(["--json", "first prompt"], opts(ws, { env: { MOCK_API_KEY: "k-123456789" } }))).stdout);
    const [copy, prompted] = await Promise.all([
      runCli(["--json", "fork", source], opts(ws, { stdin: "open" })),
      runCli(["--json", "fork", source, "next"], opts(ws)),
    ]);
    expect(copy.code, copy.stderr).toBe(0);
    expect(threadIdOf(copy.stdout)).not.toBe(source);
    expect(prompted.code).toBe(1);
    expect(prompted.stderr).toContain("Missing environment variable: `MOCK_API_KEY`");
    expect(mock.requests).toHaveLength(1);
  });

  it("promptless fork in human mode prints the header and exits 0 without waiting for stdin", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "First answer." }], usage)]);
    const source = threadIdOf((await runCli(["--json", "first prompt"], opts(ws))).stdout);
    const r = await runCli(["--color", "never", "fork", source], opts(ws, { stdin: "open" }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/session id: [0-9a-f-]{36}\n/);
    expect(r.stderr).not.toContain(`session id: ${source}`);
    expect(mock.requests).toHaveLength(1);
  });

  it("promptless fork rejects -o, --output-schema, --ephemeral and -i with exit 1, before anything is written", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "First answer." }], usage)]);
    const source = threadIdOf((await runCli(["--json", "first prompt"], opts(ws))).stdout);
    await writeFile(path.join(ws.repo, "dot.png"), Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64"));
    await writeFile(path.join(ws.repo, "schema.json"), JSON.stringify({ type: "object", properties: {}, additionalProperties: false }));
    const [withOutput, withSchema, ephemeral, withImage] = await Promise.all([
      runCli(["--json", "fork", source, "-o", "x.txt"], opts(ws, { stdin: "open" })),
      runCli(["--json", "fork", source, "--output-schema", "schema.json"], opts(ws, { stdin: "open" })),
      runCli(["--json", "--ephemeral", "fork", source], opts(ws, { stdin: "open" })),
      runCli(["--json", "-i", "dot.png", "fork", source], opts(ws, { stdin: "open" })),
    ]);
    expect([withOutput.code, withSchema.code, ephemeral.code, withImage.code]).toEqual([1, 1, 1, 1]);
    expect(withOutput.stderr).toContain("Error: Forking with output options requires a prompt");
    expect(withSchema.stderr).toContain("Error: Forking with output options requires a prompt");
    expect(ephemeral.stderr).toContain("Error: Ephemeral forks require a prompt");
    expect(withImage.stderr).toContain("Error: Forking with images requires a prompt");
    expect([withOutput.stdout, withSchema.stdout, ephemeral.stdout, withImage.stdout]).toEqual(["", "", "", ""]);
    expect(existsSync(path.join(ws.repo, "x.txt"))).toBe(false);
    expect(mock.requests).toHaveLength(1);
    expect(await rolloutFiles(ws.codexHome)).toHaveLength(1);
  });

  it("fork <unknown uuid>: exit 1 naming the id", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "x" }], usage)]);
    const unknown = "0199a0b1-2c3d-7e4f-8a5b-6c7d8e9f0a1b";
    const r = await runCli(["--json", "fork", unknown, "next"], opts(ws));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(unknown);
    expect(mock.requests).toHaveLength(0);
    expect(existsSync(path.join(ws.codexHome, "sessions"))).toBe(false);
  });
});

describe.concurrent("durability", () => {
  it("SIGKILL mid-stream leaves only whole, valid lines; resume then works and resends the first prompt", async (ctx) => {
    const hanging: Step = {
      kind: "sse",
      // created, in_progress, 5 reasoning events; the message never comes.
      events: responseEvents([{ reasoning: "thinking hard" }, { message: "never finished" }], usage),
      hangAfter: 7,
    };
    const { ws, mock } = await scenario(ctx, [hanging, reply([{ message: "back again" }], usage)]);
    const run = startCli(["--json", "first prompt"], opts(ws));
    await run.waitFor('{"type":"turn.started"}', "stdout");
    await run.waitFor('"type":"reasoning"', "stdout");
    const file = await rolloutHolding(ws.codexHome, '"type":"reasoning"');
    run.child.kill("SIGKILL");
    const killed = await run.done;
    expect(killed.signal).toBe("SIGKILL");
    const threadId = threadIdOf(killed.stdout);
    expect(file.endsWith(`-${threadId}.jsonl`)).toBe(true);

    const text = await readFile(file, "utf8");
    const complete = text.slice(0, text.lastIndexOf("\n") + 1);
    const lines = parseRollout(complete);
    expect(lines[0]?.payload).toMatchObject({ id: threadId });
    expect(lines.map((l) => l.payload)).toContainEqual(userMsg("first prompt"));
    expect(kinds(lines)).not.toContain("event_msg:task_complete");

    const r = await runCli(["--json", "resume", threadId, "again"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(threadIdOf(r.stdout)).toBe(threadId);
    expect(mock.requests).toHaveLength(2);
    const input = inputOf(mock.requests[1]);
    expect(texts(input, "user").filter((t) => !t.startsWith("<"))).toEqual(["first prompt", "again"]);
    expect(input).toContainEqual(expect.objectContaining({ type: "reasoning", encrypted_content: "gAAAA-encrypted" }));
    parseRollout(await readFile(file, "utf8"));
  });

  it("SIGKILL while a command runs: on resume the call is answered `aborted`, so the API accepts the history", async (ctx) => {
    const cmd = "touch started && sleep 30";
    const call = { functionCall: { name: "exec_command", arguments: { cmd, yield_time_ms: 30_000 }, callId: "call_long" } };
    const { ws, mock } = await scenario(ctx, [reply([call], usage), reply([{ message: "resumed" }], usage)]);
    // Sandboxed, the command ends with its killed parent (bwrap --die-with-parent, armed by the time it runs).
    const run = startCli(["--json", "-s", "workspace-write", "first prompt"], opts(ws));
    await until("the command to run", async () => existsSync(path.join(ws.repo, "started")));
    const file = await rolloutHolding(ws.codexHome, '"call_id":"call_long"');
    run.child.kill("SIGKILL");
    const threadId = threadIdOf((await run.done).stdout);
    expect(await readFile(file, "utf8")).not.toContain('"type":"function_call_output"');

    const r = await runCli(["--json", "resume", threadId, "again"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    const input = inputOf(mock.requests[1]);
    const at = input.findIndex((i) => i["type"] === "function_call" && i["call_id"] === "call_long");
    expect(at).toBeGreaterThanOrEqual(0);
    expect(input[at + 1]).toEqual({ type: "function_call_output", call_id: "call_long", output: "aborted" });
  });

  it("20 concurrent runs on one CODEX_HOME leave 20 valid rollouts, one per thread, lines never mixed", { timeout: 120_000 }, async (ctx) => {
    const N = 20;
    const steps: Step[] = Array.from({ length: N }, () => ({
      kind: "dynamic" as const,
      build: (req: RecordedRequest) => reply([{ message: `answer to ${lastUserText(req)}` }], usage),
    }));
    const { ws, mock } = await scenario(ctx, steps);
    const runs = await Promise.all(Array.from({ length: N }, (_, i) => runCli(["--json", `task ${i}`], opts(ws))));
    expect(runs.map((r) => r.code)).toEqual(Array.from({ length: N }, () => 0));
    expect(mock.requests).toHaveLength(N);
    const ids = runs.map((r) => threadIdOf(r.stdout));
    expect(new Set(ids).size).toBe(N);
    const files = await rolloutFiles(ws.codexHome);
    expect(files).toHaveLength(N);
    for (const [i, id] of ids.entries()) {
      expect(parseJsonl(runs[i]?.stdout ?? "")).toContainEqual({
        type: "item.completed",
        item: { id: "item_0", type: "agent_message", text: `answer to task ${i}` },
      });
      const lines = await readRolloutLines(await rolloutOf(ws.codexHome, id));
      expect(kinds(lines)).toEqual([
        "session_meta",
        "event_msg:task_started",
        "turn_context",
        "response_item:message",
        "response_item:message",
        "response_item:message",
        "event_msg:user_message",
        "response_item:message",
        "event_msg:agent_message",
        "event_msg:token_count",
        "event_msg:task_complete",
      ]);
      expect(lines[0]?.payload["id"]).toBe(id);
      expect(lines[6]?.payload).toEqual({ type: "user_message", message: `task ${i}` });
      expect(lines[8]?.payload).toEqual({ type: "agent_message", message: `answer to task ${i}` });
    }
  });
});

describe.concurrent("auto-compaction", () => {
  it("a low model_auto_compact_token_limit compacts mid-turn: summary request, smaller next request, run completes", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([bigPlan], { input_tokens: 500, output_tokens: 10 }),
      reply([{ message: "SUMMARY: the plan is set" }], { input_tokens: 50, output_tokens: 5 }),
      reply([{ message: "Done." }], usage),
    ]);
    const r = await runCli(["--color", "never", "-c", "model_auto_compact_token_limit=100", "make a plan"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("Done.\n");
    expect(r.stderr).toContain("context compacted\n");
    expect(mock.requests).toHaveLength(3);

    const [first, compaction, next] = mock.requests.map((q) => inputOf(q));
    // The compaction request: the whole history, then our handoff instructions; no tools.
    expect(mock.requests[1]?.body["tools"]).toEqual([]);
    expect(compaction?.slice(0, first?.length)).toEqual(first);
    expect(compaction?.slice(first?.length ?? 0, -1).map((it) => it.type)).toEqual(["function_call", "function_call_output"]);
    expect(compaction?.at(-1)).toEqual(userMsg(HANDOFF_PROMPT));

    // The next request: initial context + the user prompt + the summary, smaller than the history it replaced.
    expect(JSON.stringify(next).length).toBeLessThan(JSON.stringify(compaction?.slice(0, -1)).length);
    expect(next?.some((it) => it.type === "function_call" || it.type === "function_call_output")).toBe(false);
    expect(next?.slice(0, first?.length)).toEqual(first);
    expect(next).toHaveLength((first?.length ?? 0) + 1);
    const summary = texts(next ?? [], "user").at(-1) ?? "";
    expect(summary.startsWith("<compaction_summary>")).toBe(true);
    expect(summary).toContain("SUMMARY: the plan is set");
    expect(summary.endsWith("</compaction_summary>")).toBe(true);
    expect((mock.requests[2]?.body["tools"] as unknown[]).length).toBeGreaterThan(0);

    const [file] = await rolloutFiles(ws.codexHome);
    const lines = await readRolloutLines(path.join(ws.codexHome, file as string));
    const compacted = lines.filter((l) => l.type === "compacted");
    expect(compacted).toHaveLength(1);
    expect(compacted[0]?.payload["message"]).toBe("SUMMARY: the plan is set");
    expect(compacted[0]?.payload["replacement_history"]).toEqual(next);
    expect(kinds(lines)).toContain("event_msg:context_compacted");
  });

  it("--json: turn.completed usage counts every request, the compaction request included", async (ctx) => {
    const [planned, summarised, done] = [
      reply([plan], { input_tokens: 500, output_tokens: 10 }),
      reply([{ message: "SUMMARY" }], { input_tokens: 50, output_tokens: 5 }),
      reply([{ message: "Done." }], usage),
    ];
    const { ws, mock } = await scenario(ctx, [planned, summarised, done]);
    const r = await runCli(["--json", "-c", "model_auto_compact_token_limit=100", "make a plan"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(mock.requests).toHaveLength(3);
    const events = parseJsonl(r.stdout);
    // response_ids lists every model response of the turn in order, the compaction summary included.
    expect(events.at(-1)).toEqual({
      type: "turn.completed",
      usage: { ...USAGE_20_10, input_tokens: 560, output_tokens: 20 },
      response_ids: responseIdsOf(planned, summarised, done),
    });
  });

  it("resume after a compaction rebuilds the history from the replacement, not from the dropped items", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([plan], { input_tokens: 500, output_tokens: 10 }),
      reply([{ message: "SUMMARY: the plan is set" }], { input_tokens: 50, output_tokens: 5 }),
      reply([{ message: "Done." }], usage),
      reply([{ message: "Again." }], usage),
    ]);
    const first = await runCli(["--json", "-c", "model_auto_compact_token_limit=100", "make a plan"], opts(ws));
    expect(first.code, first.stderr).toBe(0);
    const id = threadIdOf(first.stdout);
    const r = await runCli(["--json", "resume", id, "next"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    const afterCompaction = inputOf(mock.requests[2]);
    const input = inputOf(mock.requests[3]);
    expect(input.slice(0, afterCompaction.length)).toEqual(afterCompaction);
    expect(input.slice(afterCompaction.length)).toEqual([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Done." }] },
      userMsg("next"),
    ]);
  });

  it("a resumed thread already past the limit is compacted before the new prompt (pre-turn)", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([{ message: "Big answer." }], { input_tokens: 500, output_tokens: 10 }),
      reply([{ message: "SUMMARY: big answer given" }], { input_tokens: 50, output_tokens: 5 }),
      reply([{ message: "Done." }], usage),
    ]);
    const first = await runCli(["--json", "first prompt"], opts(ws));
    const id = threadIdOf(first.stdout);
    const r = await runCli(["--json", "-c", "model_auto_compact_token_limit=100", "resume", id, "next"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(mock.requests).toHaveLength(3);
    expect(mock.requests[1]?.body["tools"]).toEqual([]);
    expect(inputOf(mock.requests[1]).at(-1)).toEqual(userMsg(HANDOFF_PROMPT));
    const next = inputOf(mock.requests[2]);
    expect(next.at(-1)).toEqual(userMsg("next"));
    expect(texts(next, "user").some((t) => t.startsWith("<compaction_summary>") && t.includes("SUMMARY: big answer given"))).toBe(true);
  });

  it("mid-turn compaction of a resumed thread keeps the initial context (permissions, environment) exactly once", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([{ message: "First answer." }], usage),
      reply([plan], { input_tokens: 500, output_tokens: 10 }),
      reply([{ message: "SUMMARY" }], { input_tokens: 50, output_tokens: 5 }),
      reply([{ message: "Done." }], usage),
    ]);
    const id = threadIdOf((await runCli(["--json", "first prompt"], opts(ws))).stdout);
    const r = await runCli(["--json", "-c", "model_auto_compact_token_limit=100", "resume", id, "next"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(mock.requests).toHaveLength(4);
    const next = inputOf(mock.requests[3]);
    expect(texts(next, "user").filter((t) => t.startsWith("<environment_context>"))).toHaveLength(1);
    expect(texts(next, "developer").filter((t) => t.startsWith("<permissions instructions>"))).toHaveLength(1);
  });
});
