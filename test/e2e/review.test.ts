// End to end: `codex-exec review` targets, the rendered review, --fail-on-findings, and bad targets.

import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { reply, type Step } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

const git = promisify(execFile);

/** A repo with one commit on `main`, a branch `feature` with a second commit, and an uncommitted edit. */
async function seedRepo(repo: string): Promise<{ first: string; second: string }> {
  const g = (...args: string[]) => git("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: repo });
  await writeFile(path.join(repo, "a.py"), "for i in range(len(xs) - 1):\n    print(xs[i])\n");
  await g("add", ".");
  await g("commit", "-qm", "Init");
  await g("branch", "-M", "main");
  const first = (await g("rev-parse", "HEAD")).stdout.trim();
  await g("checkout", "-qb", "feature");
  await writeFile(path.join(repo, "b.py"), "print('b')\n");
  await g("add", ".");
  await g("commit", "-qm", "Add b");
  const second = (await g("rev-parse", "HEAD")).stdout.trim();
  await writeFile(path.join(repo, "a.py"), "for i in range(len(xs)):\n    print(xs[i])\n");
  return { first, second };
}

const finding = (priority: number, file: string) => ({
  title: "Off-by-one in loop",
  body: "The loop skips the last element.",
  confidence_score: 0.9,
  priority,
  code_location: { absolute_file_path: file, line_range: { start: 1, end: 2 } },
});

const answer = (findings: unknown[], explanation = "One bug found."): Step =>
  reply(
    [
      {
        message: JSON.stringify({
          findings,
          overall_correctness: findings.length ? "patch is incorrect" : "patch is correct",
          overall_explanation: explanation,
          overall_confidence_score: 0.8,
        }),
      },
    ],
    { input_tokens: 50, output_tokens: 20 },
  );

describe.concurrent("review", () => {
  it("--uncommitted: read-only reviewer with the strict review schema; the rendered review is the answer", async (ctx) => {
    const { ws, mock } = await scenario(ctx, []);
    await seedRepo(ws.repo);
    const file = path.join(ws.repo, "a.py");
    // Scripted after the repo exists, so the finding can name the real path.
    mock.enqueue(answer([finding(1, file)]));
    const r = await runCli(["--color", "never", "review", "--uncommitted"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`One bug found.\n\nReview comment:\n\n- [P1] Off-by-one in loop — ${file}:1-2\n  The loop skips the last element.\n`);
    expect(r.stderr).toContain("sandbox: read-only (bwrap)\n");
    expect(r.stderr).toContain("user\ncurrent changes\n");
    const body = mock.requests[0]?.body ?? {};
    expect(body["text"]).toMatchObject({ format: { type: "json_schema", name: "codex_output_schema", strict: true } });
    const input = JSON.stringify(body["input"]);
    expect(input).toContain("git diff HEAD");
    expect(input).toContain("uncommitted changes");
  });

  it("--json: turn.started, one agent_message with the rendered review, turn.completed", async (ctx) => {
    const { ws, mock } = await scenario(ctx, []);
    await seedRepo(ws.repo);
    mock.enqueue(answer([]), answer([]));
    const r = await runCli(["--json", "review", "--uncommitted"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual(["thread.started", "turn.started", "item.completed:agent_message", "turn.completed"]);
    expect(events[2]).toEqual({ type: "item.completed", item: { id: "item_0", type: "agent_message", text: "One bug found." } });
  });

  it("--base and --commit name the merge base / commit; hints show in the header", async (ctx) => {
    const { ws, mock } = await scenario(ctx, []);
    const { first, second } = await seedRepo(ws.repo);
    mock.enqueue(answer([]), answer([]));
    const base = await runCli(["--color", "never", "review", "--base", "main"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(base.code).toBe(0);
    expect(base.stderr).toContain("user\nchanges against 'main'\n");
    expect(JSON.stringify(mock.requests[0]?.body["input"])).toContain(`git diff ${first}`);
    const commit = await runCli(["--color", "never", "review", "--commit", second, "--title", "Add b"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
    });
    expect(commit.code).toBe(0);
    expect(commit.stderr).toContain(`user\ncommit ${second.slice(0, 7)}: Add b\n`);
    expect(JSON.stringify(mock.requests[1]?.body["input"])).toContain(`git show ${second}`);
  });

  it("custom instructions as the prompt", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [answer([])]);
    const r = await runCli(["--color", "never", "review", "  focus on error handling  "], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("user\nfocus on error handling\n");
    expect(JSON.stringify(mock.requests[0]?.body["input"])).toContain("focus on error handling");
  });

  it("invalid targets fail before any request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, []);
    await seedRepo(ws.repo);
    const cases: Array<[string[], number, string]> = [
      [["review"], 1, "Error: Specify --uncommitted, --base, --commit, or provide custom review instructions"],
      [["review", "   "], 1, "Error: Review prompt cannot be empty"],
      [["review", "--base", "nope"], 1, "Error: cannot review against `nope`: no such branch or commit"],
      [["review", "--commit", "deadbeef"], 1, "Error: cannot review commit `deadbeef`: no such commit"],
      [["review", "--uncommitted", "--base", "main"], 2, "cannot be used with"],
      [["review", "--title", "x"], 2, "requires '--commit <sha>'"],
    ];
    for (const [args, code, message] of cases) {
      const r = await runCli(args, { cwd: ws.repo, codexHome: ws.codexHome });
      expect({ args, code: r.code }).toEqual({ args, code });
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe("");
    }
    expect(mock.requests).toHaveLength(0);
  });

  it("malformed review JSON is shown as plain text, not a crash", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "I could not produce JSON, but the loop looks wrong." }])]);
    const r = await runCli(["review", "check the loop"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("I could not produce JSON, but the loop looks wrong.\n");
  });

  it("--fail-on-findings fails closed (exit 1) when the review is not review JSON; without it, the prose is the answer", async (ctx) => {
    const prose = (): Step => reply([{ message: "Looks fine to me, no JSON today." }]);
    const { ws } = await scenario(ctx, [prose(), prose()]);
    const gated = await runCli(["--fail-on-findings", "P1", "review", "look"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(gated.code).toBe(1);
    expect(gated.stderr).toContain("Error: the review answer was not review JSON, so --fail-on-findings cannot tell whether it has findings\n");
    const plain = await runCli(["review", "look"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("Looks fine to me");
  });

  it("--fail-on-findings: exit 5 at or above the threshold, 0 below it", async (ctx) => {
    const { ws } = await scenario(ctx, [answer([finding(1, "/x.py")]), answer([finding(1, "/x.py")]), answer([])]);
    const hit = await runCli(["--fail-on-findings", "P1", "--json", "--json-summary", "review", "look"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(hit.code).toBe(5);
    expect(hit.stdout).toContain("[P1] Off-by-one in loop");
    const summary = parseJsonl(hit.stdout).at(-1);
    expect(summary?.type === "run.completed" && summary.summary).toMatchObject({ exit_code: 5, error: { code: "review_findings" } });
    const below = await runCli(["--fail-on-findings", "P0", "review", "look"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(below.code).toBe(0);
    const none = await runCli(["review", "--fail-on-findings", "P3", "look"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(none.code).toBe(0);
  });
});
