// End to end: a plain answer in human and JSONL mode, against the loopback mock server.

import { describe, expect, it } from "vitest";
import { reply, responseIdsOf } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence, splitFooter } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import type { Workspace } from "../support/temp-repo.js";

const normalize = (text: string, w: Workspace): string =>
  text.replaceAll(w.repo, "<repo>").replace(/session id: [0-9a-f-]{36}/, "session id: <id>");

describe("plain reply", () => {
  it("human mode: transcript on stderr, only the answer on stdout", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([{ message: "Hello there." }], { input_tokens: 100, cached: 20, output_tokens: 10 }),
    ]);
    const r = await runCli(["--color", "never", "say hello"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Hello there.\n");
    const transcript = splitFooter(r.stderr);
    expect(transcript.footer[0]).toBe("exit 0: the turn completed");
    expect(normalize(transcript.body, ws)).toBe(
      [
        "Reading additional input from stdin...",
        "codex-exec v0.1.0",
        "--------",
        "workdir: <repo>",
        "model: gpt-5.5",
        "provider: mock",
        "approval: never",
        "sandbox: read-only (bwrap)",
        "reasoning effort: none",
        "reasoning summaries: none",
        "session id: <id>",
        "--------",
        "user",
        "say hello",
        "codex",
        "Hello there.",
        "tokens used",
        "90",
        "",
      ].join("\n"),
    );
    expect(mock.requests).toHaveLength(1);
    const body = mock.requests[0]?.body ?? {};
    expect(body).toMatchObject({
      model: "gpt-5.5",
      tool_choice: "auto",
      store: false,
      stream: true,
      reasoning: { effort: "medium" },
      include: ["reasoning.encrypted_content"],
      text: { verbosity: "low" },
    });
    // Initial context (permissions developer message, environment context), then the prompt.
    const input = body["input"] as Array<{ role: string; content: Array<{ text?: string }> }>;
    expect(input).toHaveLength(3);
    expect(input[0]).toMatchObject({ role: "developer" });
    expect(input[0]?.content[0]?.text).toMatch(/^<permissions instructions>\n[\s\S]*`read-only`[\s\S]*<\/permissions instructions>$/);
    expect(input[1]?.content.at(-1)?.text).toMatch(
      /^<environment_context>\n {2}<cwd>[^<]+<\/cwd>\n {2}<shell>bash<\/shell>\n {2}<current_date>\d{4}-\d\d-\d\d<\/current_date>\n {2}<timezone>[^<]+<\/timezone>\n<\/environment_context>$/,
    );
    expect(input[2]).toEqual({ type: "message", role: "user", content: [{ type: "input_text", text: "say hello" }] });
    // Our own system prompt travels as `instructions` and teaches the tools and the patch format.
    expect(body["instructions"]).toEqual(expect.stringContaining("You are codex-exec"));
    expect(body["instructions"]).toEqual(expect.stringContaining("*** Begin Patch"));
    expect(body["prompt_cache_key"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(mock.requests[0]?.headers["session_id"]).toBe(body["prompt_cache_key"]);
    expect(mock.requests[0]?.headers["originator"]).toBe("codex_exec");
  });

  it("environment context: TZ names the zone, and the date is that zone's (not the machine's)", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    // UTC+14: its date is a day ahead of UTC for 14 hours of every day, so a date taken in the machine's
    // zone (UTC here) instead of TZ's fails more often than not.
    const zone = "Pacific/Kiritimati";
    const dateIn = (): string => new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(Date.now());
    const before = dateIn();
    const r = await runCli(["hi"], { cwd: ws.repo, codexHome: ws.codexHome, env: { TZ: zone } });
    const after = dateIn();
    expect(r.code).toBe(0);
    const input = mock.requests[0]?.body["input"] as Array<{ content: Array<{ text?: string }> }>;
    const context = input[1]?.content.at(-1)?.text ?? "";
    expect(context).toContain(`<timezone>${zone}</timezone>`);
    const date = /<current_date>(.*)<\/current_date>/.exec(context)?.[1];
    expect([before, after]).toContain(date);
  });

  it("json mode: thread.started, turn.started, items, turn.completed with usage", async (ctx) => {
    const step = reply([{ reasoning: "**Planning** I will answer." }, { message: "Done." }], {
      input_tokens: 100,
      cached: 20,
      output_tokens: 10,
      reasoning: 4,
    });
    const { ws, mock } = await scenario(ctx, [step]);
    const r = await runCli(["--json", "answer"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.completed:reasoning",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(events[2]).toEqual({
      type: "item.completed",
      item: { id: "item_0", type: "reasoning", text: "**Planning** I will answer." },
    });
    expect(events[3]).toEqual({ type: "item.completed", item: { id: "item_1", type: "agent_message", text: "Done." } });
    expect(events[4]).toEqual({
      type: "turn.completed",
      usage: {
        input_tokens: 100,
        cached_input_tokens: 20,
        cache_write_input_tokens: 0,
        output_tokens: 10,
        reasoning_output_tokens: 4,
      },
      response_ids: responseIdsOf(step),
    });
    // response_ids (our additive field) are exactly the ids of the responses the mock sent, in order.
    expect(mock.requests).toHaveLength(1);
    expect(mock.sentResponseIds).toHaveLength(1);
    expect(mock.sentResponseIds[0]).toMatch(/^resp_/);
    const done = events[4];
    expect(done?.type === "turn.completed" ? done.response_ids : "not turn.completed").toEqual(mock.sentResponseIds);
    expect(r.stderr).toBe("Reading additional input from stdin...\n");
  });
});
