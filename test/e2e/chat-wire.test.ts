// End to end: the Chat Completions wire (`wire_api = "chat"`) and `--oss`, through the built binary and a chat mock.

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chatProviderConfig, chatScenario } from "../support/chat-scenario.js";
import { chatHttpError, chatReply, type RecordedRequest } from "../support/mock-chat-server.js";
import { parseJsonl, runCli, sequence } from "../support/run-cli.js";
import type { Workspace } from "../support/temp-repo.js";

type Message = Record<string, unknown> & { role: string };

const opts = (ws: Workspace, env: Record<string, string> = {}) => ({ cwd: ws.repo, codexHome: ws.codexHome, env });

function messagesOf(req: RecordedRequest | undefined): Message[] {
  return (req?.body["messages"] ?? []) as Message[];
}

/** The messages after the last user message of the first request (the new part of a follow-up request). */
function afterPrompt(req: RecordedRequest | undefined): Message[] {
  const messages = messagesOf(req);
  const lastUser = messages.map((m) => m.role).lastIndexOf("user");
  return messages.slice(lastUser + 1);
}

const ZERO_USAGE = {
  input_tokens: 0,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  output_tokens: 0,
  reasoning_output_tokens: 0,
};

const execCall = (id: string, cmd: string, pieces = 3) => ({ id, name: "exec_command", arguments: { cmd }, pieces });

describe.concurrent("chat wire: replies", () => {
  it("plain reply (JSONL): POST /chat/completions with system + user messages and function tools only", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [
      chatReply({ id: "chatcmpl-plain", text: "Hello from a local model.", usage: { prompt_tokens: 50, completion_tokens: 7, cached: 10 } }),
    ]);
    const r = await runCli(["--json", "say hello"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual(["thread.started", "turn.started", "item.completed:agent_message", "turn.completed"]);
    expect(events[2]).toEqual({ type: "item.completed", item: { id: "item_0", type: "agent_message", text: "Hello from a local model." } });
    expect(events[3]).toEqual({
      type: "turn.completed",
      usage: { ...ZERO_USAGE, input_tokens: 50, cached_input_tokens: 10, output_tokens: 7 },
      response_ids: ["chatcmpl-plain"],
    });

    expect(mock.requests).toHaveLength(1);
    const req = mock.requests[0];
    expect(req?.method).toBe("POST");
    expect(req?.path).toBe("/v1/chat/completions");
    expect(req?.body).toMatchObject({ model: "llama3.2", stream: true, stream_options: { include_usage: true } });
    // No Responses-only fields.
    for (const key of ["input", "instructions", "store", "include", "reasoning", "prompt_cache_key"]) expect(req?.body).not.toHaveProperty(key);
    const messages = messagesOf(req);
    expect(messages[0]?.role).toBe("system");
    expect(messages[0]?.["content"]).toContain("You are codex-exec");
    expect(messages.filter((m) => m.role === "system")).toHaveLength(1);
    expect(messages.at(-1)).toEqual({ role: "user", content: "say hello" });
    expect(messages.some((m) => m.role === "user" && String(m["content"]).startsWith("<environment_context>"))).toBe(true);

    const tools = req?.body["tools"] as Array<{ type: string; function: { name: string; parameters?: unknown } }>;
    expect(tools.every((t) => t.type === "function")).toBe(true);
    expect(tools.map((t) => t.function.name)).toEqual(["exec_command", "write_stdin", "update_plan", "apply_patch", "view_image"]);
    expect(tools.find((t) => t.function.name === "apply_patch")?.function.parameters).toMatchObject({ required: ["input"] });
  });

  it("plain reply (human): the answer on stdout; header names the provider and has no reasoning lines", async (ctx) => {
    const { ws } = await chatScenario(ctx, [chatReply({ text: "Plain answer.", usage: { prompt_tokens: 20, completion_tokens: 5 } })]);
    const r = await runCli(["--color", "never", "hi"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("Plain answer.\n");
    expect(r.stderr).toContain("model: llama3.2\nprovider: local\n");
    expect(r.stderr).not.toContain("reasoning effort");
    expect(r.stderr).toContain("codex\nPlain answer.\n");
    expect(r.stderr).toContain("tokens used\n25\n");
  });

  it("usage absent from the stream: zeros in turn.completed", async (ctx) => {
    const { ws } = await chatScenario(ctx, [chatReply({ id: "chatcmpl-nousage", text: "no usage here" })]);
    const r = await runCli(["--json", "hi"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(parseJsonl(r.stdout).at(-1)).toEqual({ type: "turn.completed", usage: ZERO_USAGE, response_ids: ["chatcmpl-nousage"] });
  });

  it('finish_reason "length" fails the turn as a context-length error', async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [chatReply({ text: "cut", finishReason: "length" })]);
    const r = await runCli(["--json", "hi"], opts(ws));
    expect(r.code).toBe(1);
    expect(mock.requests).toHaveLength(1);
    expect(parseJsonl(r.stdout).at(-1)).toMatchObject({ type: "turn.failed", error: { code: "context_length" } });
  });
});

describe.concurrent("chat wire: tools", () => {
  it("a tool call with arguments split across chunks runs; the next request carries it as tool_calls + a tool message", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [
      chatReply({ toolCalls: [execCall("call_split", "echo chat-tool-ran", 6)] }),
      chatReply({ text: "It printed." }),
    ]);
    const r = await runCli(["--json", "run it"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual([
      "thread.started",
      "turn.started",
      "item.started:command_execution",
      "item.completed:command_execution",
      "item.completed:agent_message",
      "turn.completed",
    ]);
    expect(events[3]).toMatchObject({ item: { command: "/bin/bash -lc 'echo chat-tool-ran'", exit_code: 0, status: "completed" } });

    expect(mock.requests).toHaveLength(2);
    const added = afterPrompt(mock.requests[1]);
    expect(added).toHaveLength(2);
    expect(added[0]).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "call_split", type: "function", function: { name: "exec_command", arguments: '{"cmd":"echo chat-tool-ran"}' } }],
    });
    expect(added[1]).toMatchObject({ role: "tool", tool_call_id: "call_split" });
    expect(added[1]?.["content"]).toContain("chat-tool-ran");
  });

  it("apply_patch via the JSON function variant changes files (-s workspace-write)", async (ctx) => {
    const patch = "*** Begin Patch\n*** Add File: notes/hello.txt\n+hi from chat\n*** Update File: a.txt\n@@\n-old\n+new\n*** End Patch";
    const { ws, mock } = await chatScenario(
      ctx,
      [chatReply({ toolCalls: [{ id: "call_patch", name: "apply_patch", arguments: { input: patch }, pieces: 7 }] }), chatReply({ text: "Patched." })],
      { files: { "a.txt": "old\n" } },
    );
    const r = await runCli(["--json", "-s", "workspace-write", "edit"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(path.join(ws.repo, "notes/hello.txt"), "utf8")).toBe("hi from chat\n");
    expect(await readFile(path.join(ws.repo, "a.txt"), "utf8")).toBe("new\n");
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toContain("item.completed:file_change");
    expect(events.find((e) => e.type === "item.completed" && e.item.type === "file_change")).toMatchObject({
      item: { status: "completed" },
    });
    const tool = afterPrompt(mock.requests[1]).find((m) => m.role === "tool");
    expect(tool?.["tool_call_id"]).toBe("call_patch");
    const content = JSON.parse(String(tool?.["content"])) as { output: string; metadata: { exit_code: number } };
    expect(content.metadata.exit_code).toBe(0);
    expect(content.output).toContain("A notes/hello.txt");
  });

  it("apply_patch is refused under read-only, and the refusal goes back as a tool message", async (ctx) => {
    const patch = "*** Begin Patch\n*** Add File: nope.txt\n+x\n*** End Patch";
    const { ws, mock } = await chatScenario(ctx, [
      chatReply({ toolCalls: [{ id: "call_ro", name: "apply_patch", arguments: { input: patch } }] }),
      chatReply({ text: "Could not." }),
    ]);
    const r = await runCli(["--json", "edit"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(ws.repo, "nope.txt"))).toBe(false);
    expect(afterPrompt(mock.requests[1]).find((m) => m.role === "tool")).toMatchObject({ tool_call_id: "call_ro" });
  });

  it("raw reasoning deltas are neither shown nor sent back", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [
      chatReply({ reasoning: "I should list files first.", toolCalls: [execCall("call_r", "echo listed")] }),
      chatReply({ reasoning: "Now answer.", text: "Listed." }),
    ]);
    const r = await runCli(["--json", "list"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(sequence(parseJsonl(r.stdout))).not.toContain("item.completed:reasoning");
    expect(JSON.stringify(mock.requests[1]?.body)).not.toContain("I should list files first.");
    expect(afterPrompt(mock.requests[1]).map((m) => m.role)).toEqual(["assistant", "tool"]);
  });

  it("parallel tool calls: both run; one assistant message with two tool_calls, then two tool messages in order", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [
      chatReply({ text: "Running two.", toolCalls: [execCall("call_a", "echo alpha"), execCall("call_b", "echo beta")] }),
      chatReply({ text: "Both done." }),
    ]);
    const r = await runCli(["--json", "two things"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    const events = parseJsonl(r.stdout);
    const commands = events.flatMap((e) => (e.type === "item.completed" && e.item.type === "command_execution" ? [e.item] : []));
    expect(commands.map((c) => c.aggregated_output.trim()).sort()).toEqual(["alpha", "beta"]);

    const added = afterPrompt(mock.requests[1]);
    expect(added.map((m) => m.role)).toEqual(["assistant", "tool", "tool"]);
    expect(added[0]?.["content"]).toBe("Running two.");
    expect((added[0]?.["tool_calls"] as Array<{ id: string }>).map((c) => c.id)).toEqual(["call_a", "call_b"]);
    expect(added.slice(1).map((m) => m["tool_call_id"])).toEqual(["call_a", "call_b"]);
    expect(String(added[1]?.["content"])).toContain("alpha");
    expect(String(added[2]?.["content"])).toContain("beta");
  });
});

describe.concurrent("chat wire: errors and retries", () => {
  it("500 then success: one reconnect, then the answer", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [
      chatHttpError(500, { error: { message: "boom", type: "server_error", code: 500 } }),
      chatReply({ text: "recovered" }),
    ]);
    const r = await runCli(["--json", "hi"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(mock.requests).toHaveLength(2);
    const events = parseJsonl(r.stdout);
    expect(sequence(events)).toEqual(["thread.started", "turn.started", "error", "item.completed:agent_message", "turn.completed"]);
    expect(events[2]).toEqual({ type: "error", message: "Reconnecting... 1/4 (server error (500): boom)" });
  });

  it("429 with Retry-After: 1 waits as asked, then succeeds", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [
      chatHttpError(429, { error: { message: "Rate limit reached", type: "rate_limit_error", code: 429 } }, { "retry-after": "1" }),
      chatReply({ text: "after the wait" }),
    ]);
    const r = await runCli(["--json", "hi"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(mock.requests).toHaveLength(2);
    const [first, second] = mock.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
    expect(parseJsonl(r.stdout)[2]).toEqual({ type: "error", message: "Reconnecting... 1/4 (rate limited (429): Rate limit reached)" });
  });

  it("429 insufficient_quota is not retried", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [
      chatHttpError(429, { error: { message: "You exceeded your current quota.", type: "insufficient_quota", code: "insufficient_quota" } }),
    ]);
    const r = await runCli(["--json", "hi"], opts(ws));
    expect(r.code).toBe(1);
    expect(mock.requests).toHaveLength(1);
    expect(parseJsonl(r.stdout).at(-1)).toEqual({
      type: "turn.failed",
      error: { message: "usage limit reached: You exceeded your current quota.", code: "usage_limit" },
    });
  });

  it("a stream cut before finish_reason is retried as a stream failure", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [{ ...chatReply({ text: "partial answer here" }), destroyAfter: 2 }, chatReply({ text: "whole" })]);
    const r = await runCli(["--json", "hi"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(mock.requests).toHaveLength(2);
    expect(parseJsonl(r.stdout).find((e) => e.type === "item.completed")).toMatchObject({ item: { text: "whole" } });
  });
});

describe.concurrent("chat wire: sessions", () => {
  it("resume <id> sends the earlier turn as chat messages before the new prompt", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [
      chatReply({ toolCalls: [execCall("call_first", "echo first-turn")] }),
      chatReply({ text: "First answer." }),
      chatReply({ text: "Second answer." }),
    ]);
    const first = await runCli(["--json", "first prompt"], opts(ws));
    expect(first.code, first.stderr).toBe(0);
    const started = parseJsonl(first.stdout)[0];
    if (started?.type !== "thread.started") throw new Error("no thread.started");

    const r = await runCli(["--json", "resume", started.thread_id, "next"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(parseJsonl(r.stdout)[0]).toEqual({ type: "thread.started", thread_id: started.thread_id });
    expect(mock.requests).toHaveLength(3);

    const earlier = messagesOf(mock.requests[1]);
    const messages = messagesOf(mock.requests[2]);
    // The stored turn, as the first run last sent it, then its answer and the new prompt.
    expect(messages.slice(0, earlier.length)).toEqual(earlier);
    expect(messages.slice(earlier.length)).toEqual([
      { role: "assistant", content: "First answer." },
      { role: "user", content: "next" },
    ]);
    expect(earlier).toContainEqual({ role: "user", content: "first prompt" });
    expect(earlier.find((m) => m.role === "assistant")).toMatchObject({ tool_calls: [{ id: "call_first" }] });
    expect(earlier.find((m) => m.role === "tool")).toMatchObject({ tool_call_id: "call_first" });
    expect(messages.filter((m) => m.role === "system")).toHaveLength(1);
  });
});

describe.concurrent("--oss", () => {
  /** A config with a model and no provider; the mock stands in for the local server. */
  const ossConfig = (extra = "") => () => `model = "gpt-oss:20b"\n${extra}\n`;

  it("--oss --local-provider ollama: CODEX_OSS_BASE_URL's server on the chat wire, no key, header names ollama", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [chatReply({ text: "local hello" })], { config: ossConfig() });
    const r = await runCli(["--oss", "--local-provider", "ollama", "--color", "never", "hi"], opts(ws, { CODEX_OSS_BASE_URL: mock.url }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("local hello\n");
    expect(r.stderr).toContain("model: gpt-oss:20b\nprovider: ollama\n");
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]?.path).toBe("/v1/chat/completions");
    expect(mock.requests[0]?.body["model"]).toBe("gpt-oss:20b");
    expect(mock.requests[0]?.headers["authorization"]).toBeUndefined();
  });

  it("oss_provider from config, -m beats the config model", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [chatReply({ text: "studio" })], { config: ossConfig('oss_provider = "lmstudio"') });
    const r = await runCli(["--oss", "-m", "qwen3-coder", "--json", "hi"], opts(ws, { CODEX_OSS_BASE_URL: mock.url }));
    expect(r.code, r.stderr).toBe(0);
    expect(mock.requests[0]?.body["model"]).toBe("qwen3-coder");
  });

  it("--oss overrides model_provider from config", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [chatReply({ text: "local" })], {
      // model_provider = "local" at a dead port: reaching the mock proves --oss won.
      config: () => chatProviderConfig("http://127.0.0.1:9/v1"),
    });
    const r = await runCli(["--oss", "--local-provider", "ollama", "--json", "hi"], opts(ws, { CODEX_OSS_BASE_URL: mock.url }));
    expect(r.code, r.stderr).toBe(0);
    expect(mock.requests).toHaveLength(1);
  });

  it("a [model_providers.ollama] entry adjusts the built-in (here: its base_url)", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [chatReply({ text: "adjusted" })], {
      config: (url) => `model = "llama3.2"\nmodel_provider = "ollama"\n\n[model_providers.ollama]\nbase_url = "${url}"\n`,
    });
    const r = await runCli(["--json", "hi"], opts(ws));
    expect(r.code, r.stderr).toBe(0);
    expect(mock.requests[0]?.path).toBe("/v1/chat/completions");
  });

  it("no provider: codex's error, exit 1, no request", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [], { config: ossConfig() });
    const r = await runCli(["--oss", "hi"], opts(ws));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "Error: No default OSS provider configured. Use --local-provider=provider or set oss_provider to one of: lmstudio, ollama in config.toml\n",
    );
    expect(mock.requests).toHaveLength(0);
  });

  it("no model: a clear error, exit 1", async (ctx) => {
    const { ws, mock } = await chatScenario(ctx, [], { config: () => "" });
    const r = await runCli(["--oss", "--local-provider", "lmstudio", "hi"], opts(ws));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error: --oss needs a model");
    expect(r.stderr).toContain("-m <model>");
    expect(mock.requests).toHaveLength(0);
  });
});
