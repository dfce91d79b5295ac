// The agent session driven by a scripted model: event order, usage, retries, tools, interrupt, shutdown.

import { describe, expect, it } from "vitest";
import { AgentSession } from "../../../src/agent/agent-session.js";
import { ConversationManager } from "../../../src/agent/conversation-manager.js";
import { ModelApiError, StreamError } from "../../../src/errors.js";
import type { Event, EventMsg } from "../../../src/protocol/index.js";
import { deps, FakeClock, FakeModelClient, HANG, m, sessionConfig, usage, type Step } from "./fakes.js";

type Msg<T extends EventMsg["type"]> = Extract<EventMsg, { type: T }>;

/** Read events until one of `types` arrives (inclusive). */
async function until(codex: AgentSession, ...types: Array<EventMsg["type"]>): Promise<Event[]> {
  const out: Event[] = [];
  for (;;) {
    const ev = await codex.nextEvent();
    if (ev === null) throw new Error(`session ended before ${types.join("/")}; got ${out.map((e) => e.msg.type).join(", ")}`);
    out.push(ev);
    if (types.includes(ev.msg.type)) return out;
  }
}

const types = (events: Event[]): string[] => events.map((e) => e.msg.type);
const find = <T extends EventMsg["type"]>(events: Event[], type: T): Array<Msg<T>> =>
  events.flatMap((e) => (e.msg.type === type ? [e.msg as Msg<T>] : []));

async function start(scripts: Step[][], over: Parameters<typeof sessionConfig>[0] = {}) {
  const model = new FakeModelClient(scripts);
  const clock = new FakeClock();
  const manager = new ConversationManager(deps(model, clock));
  const { conversation, sessionConfigured, conversationId } = await manager.newConversation(sessionConfig(over));
  return { model, clock, codex: conversation, sessionConfigured, conversationId };
}

async function runTurn(codex: AgentSession, text: string): Promise<Event[]> {
  codex.submit({ type: "user_turn", items: [{ type: "text", text }] });
  return until(codex, "task_complete", "turn_aborted");
}

describe("session start", () => {
  it("the first event is session_configured, describing the config", async () => {
    const codex = AgentSession.spawn(sessionConfig({ reasoningEffort: "high" }), deps(new FakeModelClient([])));
    const first = await codex.nextEvent();
    expect(first).toEqual({
      id: "0",
      msg: {
        type: "session_configured",
        session_id: "01a1fe74-4539-7ec0-b97f-c4e26de07916",
        model: "gpt-5.5",
        model_provider_id: "mock",
        approval_policy: "never",
        sandbox_mode: "read-only",
        sandbox_summary: "read-only",
        cwd: "/work/repo",
        reasoning_effort: "high",
        reasoning_summary: null,
        responses_wire: true,
        rollout_path: null,
      },
    });
  });

  it("ConversationManager hands out the conversation with its SessionConfigured", async () => {
    const { sessionConfigured, conversationId } = await start([]);
    expect(sessionConfigured.type).toBe("session_configured");
    expect(conversationId).toBe("01a1fe74-4539-7ec0-b97f-c4e26de07916");
  });

  it("startup warnings follow session_configured", async () => {
    const { codex } = await start([[m.message("ok"), m.completed()]], { startupWarnings: ["w1", "w2"] });
    const events = await runTurn(codex, "hi");
    expect(events.slice(0, 2).map((e) => e.msg)).toEqual([
      { type: "warning", message: "w1" },
      { type: "warning", message: "w2" },
    ]);
  });
});

describe("a user turn", () => {
  it("task_started, reasoning, message, token_count, task_complete — in order, with the turn id", async () => {
    const { codex, model } = await start([
      [m.created(), m.reasoning(["**Plan**", "then act"]), m.message("Hello there.", "msg_9"), m.completed(usage(100, 20, 10, 4))],
    ]);
    const events = await runTurn(codex, "say hello");
    expect(events.map((e) => e.msg)).toEqual([
      { type: "task_started", turn_id: "1" },
      { type: "agent_reasoning", item_id: "rs_1", text: "**Plan**\nthen act" },
      { type: "agent_message", item_id: "msg_9", message: "Hello there." },
      { type: "token_count", total: usage(100, 20, 10, 4), last: usage(100, 20, 10, 4) },
      {
        type: "task_complete",
        turn_id: "1",
        status: "completed",
        last_agent_message: "Hello there.",
        error: null,
        response_ids: ["resp_1"],
      },
    ]);
    expect(events.every((e) => e.id === "1")).toBe(true);
    expect(model.prompts).toHaveLength(1);
    expect(model.prompts[0]).toMatchObject({
      instructions: "You are a test agent.",
      tools: [],
      input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "say hello" }] }],
    });
  });

  it("blank reasoning and blank messages emit nothing; last_agent_message is null", async () => {
    const { codex } = await start([[m.reasoning(["  "]), m.message(" \n"), m.completed()]]);
    const events = await runTurn(codex, "x");
    expect(types(events)).toEqual(["task_started", "task_complete"]);
    expect(find(events, "task_complete")[0]).toMatchObject({ status: "completed", last_agent_message: null });
  });

  it("no usage reported → no token_count", async () => {
    const { codex } = await start([[m.message("a"), m.completed(null)]]);
    expect(types(await runTurn(codex, "x"))).not.toContain("token_count");
  });

  it("token_count is cumulative across two turns, and the second request carries the history", async () => {
    const { codex, model } = await start([
      [m.message("one"), m.completed(usage(100, 20, 10))],
      [m.message("two"), m.completed(usage(200, 50, 20, 3))],
    ]);
    const first = await runTurn(codex, "first");
    const second = await runTurn(codex, "second");
    expect(find(first, "token_count")).toEqual([{ type: "token_count", total: usage(100, 20, 10), last: usage(100, 20, 10) }]);
    expect(find(second, "token_count")).toEqual([
      { type: "token_count", total: usage(300, 70, 30, 3), last: usage(200, 50, 20, 3) },
    ]);
    expect(find(second, "task_complete")[0]).toMatchObject({ turn_id: "2", last_agent_message: "two" });
    expect(model.prompts[1]?.input.map((i) => [i.type, i.type === "message" ? i.role : ""])).toEqual([
      ["message", "user"],
      ["message", "assistant"],
      ["message", "user"],
    ]);
  });

  it("multiple text inputs are joined into one user message", async () => {
    const { codex, model } = await start([[m.message("ok"), m.completed()]]);
    codex.submit({
      type: "user_turn",
      items: [
        { type: "text", text: "a" },
        { type: "text", text: "b" },
      ],
    });
    await until(codex, "task_complete");
    expect(model.prompts[0]?.input).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "a\nb" }] },
    ]);
  });

  it("the output schema override reaches the prompt", async () => {
    const schema = { type: "object" };
    const { codex, model } = await start([[m.message("{}"), m.completed()]]);
    codex.submit({ type: "user_turn", items: [{ type: "text", text: "x" }], overrides: { finalOutputJsonSchema: schema } });
    await until(codex, "task_complete");
    expect(model.prompts[0]?.outputSchema).toEqual(schema);
  });
});

describe("tool calls", () => {
  it("an unknown function_call is answered with `unsupported call: <name>` in a second request", async () => {
    const { codex, model } = await start([
      [m.message("Let me look."), m.functionCall("shell", "call_1", '{"command":["ls"]}'), m.completed(usage(10, 0, 5))],
      [m.message("Done."), m.completed(usage(20, 10, 5))],
    ]);
    const events = await runTurn(codex, "list files");
    expect(model.prompts).toHaveLength(2);
    const input = model.prompts[1]?.input ?? [];
    expect(input).toContainEqual({ type: "function_call_output", call_id: "call_1", output: "unsupported call: shell" });
    const callIndex = input.findIndex((i) => i.type === "function_call");
    const outputIndex = input.findIndex((i) => i.type === "function_call_output");
    expect(callIndex).toBeGreaterThan(0);
    expect(outputIndex).toBe(callIndex + 1);
    expect(find(events, "agent_message").map((e) => e.message)).toEqual(["Let me look.", "Done."]);
    expect(find(events, "token_count").map((e) => e.total)).toEqual([usage(10, 0, 5), usage(30, 10, 10)]);
    expect(find(events, "task_complete")[0]).toMatchObject({ status: "completed", last_agent_message: "Done." });
  });

  it("an unknown custom tool call gets a custom_tool_call_output", async () => {
    const { codex, model } = await start([
      [m.customCall("apply_patch", "call_7", "*** Begin Patch\n*** End Patch"), m.completed()],
      [m.message("ok"), m.completed()],
    ]);
    await runTurn(codex, "patch");
    expect(model.prompts[1]?.input).toContainEqual({
      type: "custom_tool_call_output",
      call_id: "call_7",
      output: "unsupported custom tool call: apply_patch",
    });
  });

  it("a turn whose only sample is a tool call keeps the earlier message as last_agent_message", async () => {
    const { codex } = await start([
      [m.message("first"), m.functionCall("f", "c1"), m.completed()],
      [m.completed()],
    ]);
    const events = await runTurn(codex, "x");
    expect(find(events, "task_complete")[0]?.last_agent_message).toBe("first");
  });
});

describe("token and cost limits: a response's tool calls wait for its usage", () => {
  const budget = { maxRequests: null, maxTokens: 100, maxCostUsd: null, price: null };

  it("under the limit they run; the response that crosses it has its calls answered `aborted`, unrun, and the turn fails", async () => {
    const { codex, model } = await start(
      [
        [m.functionCall("f", "c1"), m.completed(usage(60, 20, 10))],
        [m.functionCall("f", "c2"), m.functionCall("f", "c3"), m.completed(usage(70, 0, 0))],
      ],
      { budget },
    );
    const events = await runTurn(codex, "x");
    expect(model.prompts).toHaveLength(2);
    // Only c1 ran (the router answers an unknown tool); c2 and c3 never reached it.
    expect(find(events, "tool_call_end").map((e) => e.call_id)).toEqual(["c1"]);
    expect(find(events, "task_complete")[0]).toMatchObject({
      status: "failed",
      error: { code: "budget", message: "stopped after 120 tokens (--max-tokens 100); the response's 2 tool calls were not run" },
    });
  });

  it("a stream that fails before its usage arrives: the calls run as without a limit, and the retry carries their outputs", async () => {
    const { codex, model } = await start(
      [[m.functionCall("f", "c1"), new StreamError("stream_closed_early", "closed")], [m.message("done"), m.completed(usage(1, 0, 1))]],
      { budget },
    );
    const events = await runTurn(codex, "x");
    expect(find(events, "tool_call_end").map((e) => e.call_id)).toEqual(["c1"]);
    expect(model.prompts[1]?.input).toContainEqual({ type: "function_call_output", call_id: "c1", output: "unsupported call: f" });
    expect(find(events, "task_complete")[0]).toMatchObject({ status: "completed", last_agent_message: "done" });
  });
});

describe("retries", () => {
  it("a retryable StreamError twice, then success: Reconnecting... 1/5 and 2/5, backoff delays, completion", async () => {
    const { codex, clock, model } = await start([
      [m.created(), new StreamError("stream_closed_early", "stream closed before response.completed")],
      [new StreamError("stream_idle", "idle timeout waiting for SSE (300000 ms)")],
      [m.message("finally"), m.completed(usage(1, 0, 1))],
    ]);
    const events = await runTurn(codex, "x");
    expect(find(events, "stream_error")).toEqual([
      { type: "stream_error", message: "Reconnecting... 1/5", details: "stream closed before response.completed" },
      { type: "stream_error", message: "Reconnecting... 2/5", details: "idle timeout waiting for SSE (300000 ms)" },
    ]);
    expect(clock.sleeps).toEqual([200, 400]);
    expect(model.prompts).toHaveLength(3);
    expect(types(events)).toEqual([
      "task_started",
      "stream_error",
      "stream_error",
      "agent_message",
      "token_count",
      "task_complete",
    ]);
    expect(find(events, "task_complete")[0]).toMatchObject({ status: "completed", last_agent_message: "finally" });
  });

  it("a retryable request failure draws on the request budget and honours Retry-After", async () => {
    const { codex, clock } = await start(
      [
        [new ModelApiError("api_rate_limited", "rate_limit", "rate limited (429): slow down", true, { status: 429, retryAfterMs: 1234 })],
        [m.message("ok"), m.completed()],
      ],
      { requestMaxRetries: 4 },
    );
    const events = await runTurn(codex, "x");
    expect(find(events, "stream_error")).toEqual([
      { type: "stream_error", message: "Reconnecting... 1/4", details: "rate limited (429): slow down" },
    ]);
    expect(clock.sleeps).toEqual([1234]);
  });

  it.each([
    { name: "auth", err: new ModelApiError("auth_rejected", "auth", "authentication failed (401): bad key; check the key in CODEX_API_KEY", false) },
    { name: "usage limit", err: new ModelApiError("api_usage_limit", "usage_limit", "usage limit reached: over", false) },
    { name: "context length", err: new ModelApiError("api_context_length", "context_length", "too long", false) },
    { name: "non-retryable stream", err: new StreamError("stream_transport", "request aborted", false) },
  ])("non-retryable $name error → error + failed task_complete, no retry", async ({ err }) => {
    const { codex, model, clock } = await start([[err]]);
    const events = await runTurn(codex, "x");
    const turnError = { message: err.message, code: err.turnCode };
    expect(events.map((e) => e.msg)).toEqual([
      { type: "task_started", turn_id: "1" },
      { type: "error", error: turnError },
      { type: "task_complete", turn_id: "1", status: "failed", last_agent_message: null, error: turnError, response_ids: [] },
    ]);
    expect(model.prompts).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("retries exhausted → failed with the last error", async () => {
    const fail = (n: number): Step[] => [new StreamError("stream_closed_early", `closed #${n}`)];
    const { codex, model, clock } = await start([fail(1), fail(2), fail(3)], { streamMaxRetries: 2 });
    const events = await runTurn(codex, "x");
    expect(find(events, "stream_error").map((e) => e.message)).toEqual(["Reconnecting... 1/2", "Reconnecting... 2/2"]);
    expect(model.prompts).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(find(events, "error")).toEqual([{ type: "error", error: { message: "closed #3", code: "stream" } }]);
    expect(find(events, "task_complete")[0]).toMatchObject({ status: "failed", error: { message: "closed #3", code: "stream" } });
  });

  it("streamMaxRetries 0 → the first failure is final", async () => {
    const { codex, model } = await start([[new StreamError("stream_failed", "boom")]], { streamMaxRetries: 0 });
    const events = await runTurn(codex, "x");
    expect(find(events, "stream_error")).toEqual([]);
    expect(model.prompts).toHaveLength(1);
    expect(find(events, "task_complete")[0]?.status).toBe("failed");
  });

  it("an untyped error fails the turn as internal", async () => {
    const { codex } = await start([[new Error("kaboom")]]);
    const events = await runTurn(codex, "x");
    expect(find(events, "task_complete")[0]?.error).toEqual({ message: "internal error: kaboom", code: "internal" });
  });

  it("a failed turn does not end the session: the next turn runs", async () => {
    const { codex } = await start([[new ModelApiError("auth_rejected", "auth", "no", false)], [m.message("ok"), m.completed()]]);
    await runTurn(codex, "x");
    const second = await runTurn(codex, "y");
    expect(find(second, "task_complete")[0]).toMatchObject({ turn_id: "2", status: "completed", last_agent_message: "ok" });
  });
});

describe("interrupt and shutdown", () => {
  it("interrupt during a stream → turn_aborted, no task_complete", async () => {
    const { codex, model } = await start([[m.created(), m.message("partial"), HANG]]);
    codex.submit({ type: "user_turn", items: [{ type: "text", text: "x" }] });
    await model.whenHanging();
    codex.submit({ type: "interrupt" });
    const events = await until(codex, "turn_aborted", "task_complete");
    expect(types(events)).toEqual(["task_started", "agent_message", "turn_aborted"]);
    expect(events.at(-1)).toEqual({ id: "1", msg: { type: "turn_aborted", turn_id: "1", reason: "interrupted" } });
    expect(model.signals[0]?.aborted).toBe(true);
  });

  it("a stream that throws AbortError on interrupt is also an abort, not a failure", async () => {
    const model = new FakeModelClient([]);
    let release: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    model.stream = async function* (_prompt, signal) {
      release?.();
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      throw new DOMException("This operation was aborted", "AbortError");
    };
    const codex = AgentSession.spawn(sessionConfig(), deps(model));
    await until(codex, "session_configured");
    codex.submit({ type: "user_turn", items: [{ type: "text", text: "x" }] });
    await gate;
    codex.submit({ type: "interrupt" });
    const events = await until(codex, "turn_aborted", "task_complete");
    expect(types(events)).toEqual(["task_started", "turn_aborted"]);
  });

  it("interrupt with no active turn is harmless", async () => {
    const { codex } = await start([[m.message("ok"), m.completed()]]);
    codex.submit({ type: "interrupt" });
    const events = await runTurn(codex, "x");
    expect(find(events, "task_complete")[0]?.status).toBe("completed");
  });

  it("a second user_turn while one is running is ignored with a warning", async () => {
    const { codex, model } = await start([[HANG]]);
    codex.submit({ type: "user_turn", items: [{ type: "text", text: "first" }] });
    await model.whenHanging();
    const second = codex.submit({ type: "user_turn", items: [{ type: "text", text: "second" }] });
    const warning = await until(codex, "warning");
    expect(warning.at(-1)).toEqual({ id: second, msg: { type: "warning", message: "a turn is already running; input ignored" } });
    codex.submit({ type: "interrupt" });
    await until(codex, "turn_aborted");
    expect(model.prompts).toHaveLength(1);
  });

  it("shutdown → shutdown_complete, then nextEvent() returns null", async () => {
    const { codex } = await start([[m.message("ok"), m.completed()]]);
    await runTurn(codex, "x");
    const id = codex.submit({ type: "shutdown" });
    expect(await codex.nextEvent()).toEqual({ id, msg: { type: "shutdown_complete" } });
    expect(await codex.nextEvent()).toBeNull();
    expect(await codex.nextEvent()).toBeNull();
  });

  it("shutdown during a turn aborts it first", async () => {
    const { codex, model } = await start([[HANG]]);
    codex.submit({ type: "user_turn", items: [{ type: "text", text: "x" }] });
    await model.whenHanging();
    codex.submit({ type: "shutdown" });
    const rest: string[] = [];
    for (let ev = await codex.nextEvent(); ev !== null; ev = await codex.nextEvent()) rest.push(ev.msg.type);
    expect(rest).toEqual(["task_started", "turn_aborted", "shutdown_complete"]);
  });

  it("ops submitted after shutdown are dropped", async () => {
    const { codex, model } = await start([]);
    codex.submit({ type: "shutdown" });
    expect((await codex.nextEvent())?.msg.type).toBe("shutdown_complete");
    codex.submit({ type: "user_turn", items: [{ type: "text", text: "late" }] });
    expect(await codex.nextEvent()).toBeNull();
    expect(model.prompts).toHaveLength(0);
  });
});
