// End to end: the model ⇄ tools loop with tools that need no sandbox (plan, images, web search, unknown tools).

import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reply } from "../support/mock-responses-server.js";
import { parseJsonl, runCli, sequence } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

/** A 1×1 transparent PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

const usage = { input_tokens: 10, output_tokens: 5 };
const plan = (steps: Array<[string, string]>) => ({
  functionCall: { name: "update_plan", arguments: { plan: steps.map(([step, status]) => ({ step, status })) } },
});

describe.concurrent("tools loop", () => {
  it("update_plan: todo_list started, updated, completed before turn.completed; outputs go back", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([plan([["read code", "in_progress"], ["fix bug", "pending"]])], usage),
      reply([plan([["read code", "completed"], ["fix bug", "in_progress"]])], usage),
      reply([{ message: "All done." }], usage),
    ]);
    const r = await runCli(["--json", "plan it"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.started:todo_list",
      "item.updated:todo_list",
      "item.completed:agent_message",
      "item.completed:todo_list",
      "turn.completed",
    ]);
    expect(events[5]).toEqual({
      type: "item.completed",
      item: {
        id: "item_0",
        type: "todo_list",
        items: [
          { text: "read code", completed: true },
          { text: "fix bug", completed: false },
        ],
      },
    });
    expect(events[6]).toMatchObject({ usage: { input_tokens: 30, output_tokens: 15 } });
    expect(mock.requests).toHaveLength(3);
    const second = JSON.stringify(mock.requests[1]?.body["input"]);
    expect(second).toContain('"type":"function_call_output"');
    expect(second).toContain("Plan updated");
  });

  it("human mode renders plan lines", async (ctx) => {
    const { ws } = await scenario(ctx, [
      reply([plan([["read", "completed"], ["write", "in_progress"], ["test", "pending"]])]),
      reply([{ message: "ok" }]),
    ]);
    const r = await runCli(["--color", "never", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("  ✓ read\n  → write\n  • test\n");
  });

  it("an unknown tool gets an error output and the turn goes on", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([{ functionCall: { name: "teleport", arguments: {}, callId: "call_x" } }]),
      reply([{ message: "fine" }]),
    ]);
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(mock.requests[1]?.body["input"]).toContainEqual({
      type: "function_call_output",
      call_id: "call_x",
      output: "unsupported call: teleport",
    });
  });

  it("malformed arguments are reported to the model, not thrown", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([{ functionCall: { name: "update_plan", arguments: { plan: "not a list" }, callId: "call_p" } }]),
      reply([{ message: "fine" }]),
    ]);
    const r = await runCli(["--json", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const out = JSON.stringify(mock.requests[1]?.body["input"]);
    expect(out).toContain("failed to parse function arguments: plan:");
  });

  it("web_search calls pass through as web_search items", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ webSearch: { query: "vitest concurrent", id: "ws_1" } }, { message: "found" }])]);
    const r = await runCli(["--json", "search"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const events = parseJsonl(r.stdout);
    expect(events.slice(2, 4)).toEqual([
      { type: "item.started", item: { id: "item_0", type: "web_search", query: "", action: { type: "other" } } },
      {
        type: "item.completed",
        item: { id: "item_0", type: "web_search", query: "vitest concurrent", action: { type: "search", query: "vitest concurrent" } },
      },
    ]);
    const tools = mock.requests[0]?.body["tools"] as Array<{ type: string; name?: string }>;
    expect(tools.map((t) => t.name ?? t.type)).toEqual(expect.arrayContaining(["update_plan", "view_image", "web_search"]));
  });

  it("web_search = \"disabled\" removes the tool", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const r = await runCli(["-c", 'web_search="disabled"', "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const tools = mock.requests[0]?.body["tools"] as Array<{ type: string }>;
    expect(tools.some((t) => t.type === "web_search")).toBe(false);
  });

  it("-i attaches the image before the prompt text; the prompt argument is kept", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "a dot" }])]);
    await writeFile(path.join(ws.repo, "dot.png"), PNG);
    const r = await runCli(["-i", "dot.png", "what is this?"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const input = mock.requests[0]?.body["input"] as Array<{ content: unknown[] }>;
    expect(input.at(-1)?.content).toEqual([
      { type: "input_text", text: "<image name=[Image #1]>" },
      { type: "input_image", image_url: `data:image/png;base64,${PNG.toString("base64")}`, detail: "high" },
      { type: "input_text", text: "</image>" },
      { type: "input_text", text: "what is this?" },
    ]);
  });

  it("-i with a missing file fails before any request", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [reply([{ message: "x" }])]);
    const r = await runCli(["-i", "missing.png", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error: --image missing.png: unable to locate image");
    expect(mock.requests).toHaveLength(0);
  });

  it("view_image returns the picture to the model; two calls in one response both get outputs in order", async (ctx) => {
    const { ws, mock } = await scenario(ctx, [
      reply([
        { functionCall: { name: "view_image", arguments: { path: "dot.png" }, callId: "call_a" } },
        { functionCall: { name: "view_image", arguments: { path: "nope.png" }, callId: "call_b" } },
      ]),
      reply([{ message: "seen" }]),
    ]);
    await writeFile(path.join(ws.repo, "dot.png"), PNG);
    const r = await runCli(["--json", "look"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    const input = mock.requests[1]?.body["input"] as Array<Record<string, unknown>>;
    const outputs = input.filter((i) => i["type"] === "function_call_output");
    expect(outputs.map((o) => o["call_id"])).toEqual(["call_a", "call_b"]);
    expect(outputs[0]?.["output"]).toEqual([
      { type: "input_image", image_url: `data:image/png;base64,${PNG.toString("base64")}`, detail: "high" },
    ]);
    expect(String(outputs[1]?.["output"])).toContain("unable to locate image at");
  });
});
