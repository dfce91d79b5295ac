// End to end: the command lines @openai/codex-sdk spawns (`<bin> exec --experimental-json …`, prompt on stdin).

import { describe, expect, it } from "vitest";
import { reply, type RecordedRequest } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

function userText(req: RecordedRequest | undefined): string {
  const input = (req?.body["input"] ?? []) as Array<{ type?: string; role?: string; content?: Array<{ type: string; text?: string }> }>;
  const last = input.filter((i) => i.type === "message" && i.role === "user").at(-1);
  return (last?.content ?? []).filter((c) => c.type === "input_text").map((c) => c.text ?? "").join("");
}

const SDK_ENV = { CODEX_INTERNAL_ORIGINATOR_OVERRIDE: "codex_sdk_ts" };

describe.concurrent("SDK-style invocation", () => {
  it("`exec --experimental-json --config k=v` with the prompt on stdin: valid JSONL, exit 0", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([{ reasoning: "thinking" }, { message: "Fixed." }], { input_tokens: 50, output_tokens: 5 }),
    ]);
    const r = await runCli(
      [
        "exec",
        "--experimental-json",
        "--model",
        "gpt-5-mini",
        "--sandbox",
        "read-only",
        "--cd",
        ws.repo,
        "--config",
        'model_reasoning_effort="low"',
      ],
      // The SDK runs from its own cwd (not a git repo) and points --cd at the project.
      { cwd: ws.root, codexHome: ws.codexHome, stdin: "Fix the bug\n", env: SDK_ENV },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Reading prompt from stdin...\n");
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.completed:reasoning",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(events[3]).toEqual({ type: "item.completed", item: { id: "item_1", type: "agent_message", text: "Fixed." } });
    expect(r.stdout.endsWith("\n")).toBe(true);

    expect(mock.requests).toHaveLength(1);
    const req = mock.requests[0];
    expect(userText(req)).toBe("Fix the bug\n");
    expect(req?.body).toMatchObject({ model: "gpt-5-mini", reasoning: { effort: "low" } });
    expect(req?.headers["originator"]).toBe("codex_sdk_ts");
    expect(req?.headers["user-agent"]).toMatch(/^codex_sdk_ts\/0\.1\.0 /);
  });

  it("`e` alias and `--json` work the same", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "hi" }])]);
    const r = await runCli(["e", "--json"], { cwd: ws.repo, codexHome: ws.codexHome, stdin: "hello" });
    expect(r.code).toBe(0);
    expect(sequence(parseJsonl(r.stdout))).toEqual([
      "thread.started",
      "turn.started",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(userText(mock.requests[0])).toBe("hello");
  });

  it("SDK with apiKey/baseUrl and no config.toml: OPENAI_BASE_URL + CODEX_API_KEY reach the built-in provider", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "done" }])], { config: null });
    const r = await runCli(["exec", "--experimental-json", "--skip-git-repo-check"], {
      cwd: ws.root,
      codexHome: ws.codexHome,
      stdin: "do it",
      env: { ...SDK_ENV, OPENAI_BASE_URL: mock.url, CODEX_API_KEY: "sk-sdk-key" },
    });
    expect(r.code).toBe(0);
    expect(sequence(parseJsonl(r.stdout))).toEqual([
      "thread.started",
      "turn.started",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]?.path).toBe("/v1/responses");
    expect(mock.requests[0]?.headers["authorization"]).toBe("Bearer sk-sdk-key");
    expect(r.stdout + r.stderr).not.toContain("sk-sdk-key");
  });
});
