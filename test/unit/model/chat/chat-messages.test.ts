// History → Chat Completions messages, and tool specs → function tools.

import { describe, expect, it } from "vitest";
import { chatMessages, chatTools } from "../../../../src/model/chat/chat-messages.js";
import { MISSING_CALL_OUTPUT } from "../../../../src/protocol/index.js";
import { buildChatBody } from "../../../../src/model/chat/chat-request.js";
import { modelInfoFor } from "../../../../src/model/model-info.js";
import type { ModelSettings } from "../../../../src/model/responses/responses-request.js";
import type { ResponseItem } from "../../../../src/protocol/index.js";
import { functionApplyPatchSpec, freeformApplyPatchSpec } from "../../../../src/tools/apply-patch/apply-patch-specs.js";

const user = (text: string): ResponseItem => ({ type: "message", role: "user", content: [{ type: "input_text", text }] });
const assistant = (text: string): ResponseItem => ({
  type: "message",
  role: "assistant",
  content: [{ type: "output_text", text }],
});
const developer = (...texts: string[]): ResponseItem => ({
  type: "message",
  role: "developer",
  content: texts.map((text) => ({ type: "input_text", text })),
});
const call = (callId: string, name = "exec_command", args = '{"cmd":"ls"}'): ResponseItem => ({
  type: "function_call",
  name,
  arguments: args,
  call_id: callId,
});
const output = (callId: string, out: string): ResponseItem => ({ type: "function_call_output", call_id: callId, output: out });

describe("chatMessages", () => {
  it("instructions and leading developer messages form one system message; user and assistant text are strings", () => {
    expect(chatMessages("BASE", [developer("perm A", "perm B"), user("<env/>"), user("hi"), assistant("hello")])).toEqual([
      { role: "system", content: "BASE\n\nperm A\nperm B" },
      { role: "user", content: "<env/>" },
      { role: "user", content: "hi" },
      { role: "assistant", content: "hello" },
    ]);
  });

  it("no instructions and no developer message: no system message", () => {
    expect(chatMessages("", [user("hi")])).toEqual([{ role: "user", content: "hi" }]);
  });

  it("a developer message later in the thread is a system message where it stands", () => {
    expect(chatMessages("BASE", [user("hi"), developer("now read-only")])).toEqual([
      { role: "system", content: "BASE" },
      { role: "user", content: "hi" },
      { role: "system", content: "now read-only" },
    ]);
  });

  it("a user message with images uses text and image_url parts, in order", () => {
    const item: ResponseItem = {
      type: "message",
      role: "user",
      content: [
        { type: "input_text", text: "<image name=[Image #1]>" },
        { type: "input_image", image_url: "data:image/png;base64,AAAA", detail: "high" },
        { type: "input_text", text: "</image>" },
        { type: "input_text", text: "what is this?" },
      ],
    };
    expect(chatMessages("", [item])).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "<image name=[Image #1]>" },
          { type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "high" } },
          { type: "text", text: "</image>" },
          { type: "text", text: "what is this?" },
        ],
      },
    ]);
  });

  it("a call becomes an assistant tool_calls message, its output a tool message", () => {
    expect(chatMessages("", [user("go"), call("c1"), output("c1", "file.txt")])).toEqual([
      { role: "user", content: "go" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c1", type: "function", function: { name: "exec_command", arguments: '{"cmd":"ls"}' } }],
      },
      { role: "tool", tool_call_id: "c1", content: "file.txt" },
    ]);
  });

  it("adjacent calls merge into one message (reasoning between them is dropped), joined to the text before them", () => {
    const reasoning: ResponseItem = { type: "reasoning", summary: [{ type: "summary_text", text: "think" }] };
    const messages = chatMessages("", [
      user("go"),
      assistant("Let me look."),
      reasoning,
      call("a"),
      call("b", "view_image", '{"path":"x.png"}'),
      output("a", "A"),
      output("b", "B"),
      assistant("done"),
    ]);
    expect(messages).toEqual([
      { role: "user", content: "go" },
      {
        role: "assistant",
        content: "Let me look.",
        tool_calls: [
          { id: "a", type: "function", function: { name: "exec_command", arguments: '{"cmd":"ls"}' } },
          { id: "b", type: "function", function: { name: "view_image", arguments: '{"path":"x.png"}' } },
        ],
      },
      { role: "tool", tool_call_id: "a", content: "A" },
      { role: "tool", tool_call_id: "b", content: "B" },
      { role: "assistant", content: "done" },
    ]);
  });

  it("a namespace-form call is sent as its flat name", () => {
    const item: ResponseItem = { type: "function_call", namespace: "mcp__docs__", name: "search", arguments: "{}", call_id: "n1" };
    expect(chatMessages("", [user("q"), item, output("n1", "hit")])[1]).toMatchObject({
      tool_calls: [{ id: "n1", function: { name: "mcp__docs__search" } }],
    });
  });

  it("calls of consecutive responses stay separate messages", () => {
    const messages = chatMessages("", [user("go"), call("a"), output("a", "A"), call("b"), output("b", "B")]);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant", "tool"]);
  });

  it("a custom (freeform) call becomes a function call with {input}; its output a tool message", () => {
    const messages = chatMessages("", [
      user("patch"),
      { type: "custom_tool_call", call_id: "p1", name: "apply_patch", input: "*** Begin Patch\n*** End Patch" },
      { type: "custom_tool_call_output", call_id: "p1", output: "Done!" },
    ]);
    expect(messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "p1",
            type: "function",
            function: { name: "apply_patch", arguments: JSON.stringify({ input: "*** Begin Patch\n*** End Patch" }) },
          },
        ],
      },
      { role: "tool", tool_call_id: "p1", content: "Done!" },
    ]);
  });

  it("a call without an output (interrupted turn) is answered with 'aborted'; an orphan output is dropped", () => {
    const messages = chatMessages("", [user("go"), call("a"), user("again"), output("zzz", "orphan")]);
    expect(messages).toEqual([
      { role: "user", content: "go" },
      expect.objectContaining({ role: "assistant" }),
      { role: "tool", tool_call_id: "a", content: MISSING_CALL_OUTPUT },
      { role: "user", content: "again" },
    ]);
  });

  it("an image returned by a tool follows the tool messages as a user message", () => {
    const messages = chatMessages("", [
      user("look"),
      call("v", "view_image", '{"path":"a.png"}'),
      { type: "function_call_output", call_id: "v", output: [{ type: "input_image", image_url: "data:image/png;base64,BB" }] },
      assistant("a cat"),
    ]);
    expect(messages.slice(2)).toEqual([
      { role: "tool", tool_call_id: "v", content: "(the image is attached in the next message)" },
      {
        role: "user",
        content: [
          { type: "text", text: "Image output of tool call v:" },
          { type: "image_url", image_url: { url: "data:image/png;base64,BB" } },
        ],
      },
      { role: "assistant", content: "a cat" },
    ]);
  });

  it("reasoning, web search and empty assistant messages are dropped", () => {
    const messages = chatMessages("", [
      user("q"),
      { type: "reasoning", summary: [], content: [{ type: "reasoning_text", text: "hmm" }] },
      { type: "web_search_call", status: "completed", action: { type: "search", query: "x" } },
      { type: "message", role: "assistant", content: [] },
      assistant("a"),
    ]);
    expect(messages).toEqual([
      { role: "user", content: "q" },
      { role: "assistant", content: "a" },
    ]);
  });
});

describe("chatTools", () => {
  it("keeps function tools in chat shape and drops custom and server-side tools", () => {
    const { tools, dropped } = chatTools([
      { type: "function", name: "exec_command", description: "run", strict: false, parameters: { type: "object", properties: {} } },
      freeformApplyPatchSpec(),
      { type: "web_search", external_web_access: false },
      functionApplyPatchSpec(),
    ]);
    expect(tools.map((t) => t.function.name)).toEqual(["exec_command", "apply_patch"]);
    expect(tools[0]).toEqual({
      type: "function",
      function: { name: "exec_command", description: "run", parameters: { type: "object", properties: {} } },
    });
    expect(tools[1]?.function.parameters).toMatchObject({ required: ["input"] });
    expect(dropped).toEqual(["custom:apply_patch", "web_search"]);
  });
});

describe("buildChatBody", () => {
  const settings: ModelSettings = {
    model: "llama3.2",
    info: modelInfoFor("llama3.2"),
    threadId: "t-1",
    reasoningEffort: null,
    reasoningSummary: null,
    verbosity: null,
    supportsReasoningSummaries: null,
    maxOutputTokens: null,
  };

  it("streams with usage requested; no tools key without tools; optional parameters only when set", () => {
    const { body } = buildChatBody({ input: [user("hi")], tools: [], instructions: "BASE" }, settings);
    expect(body).toEqual({
      model: "llama3.2",
      messages: [
        { role: "system", content: "BASE" },
        { role: "user", content: "hi" },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("reasoning effort goes only to models known to reason, or when forced on", () => {
    const prompt = { input: [user("hi")], tools: [], instructions: "" };
    expect(buildChatBody(prompt, { ...settings, reasoningEffort: "high" }).body).not.toHaveProperty("reasoning_effort");
    expect(buildChatBody(prompt, { ...settings, model: "gpt-5.5", info: modelInfoFor("gpt-5.5"), reasoningEffort: "high" }).body)
      .toHaveProperty("reasoning_effort", "high");
    expect(buildChatBody(prompt, { ...settings, reasoningEffort: "low", supportsReasoningSummaries: true }).body).toHaveProperty(
      "reasoning_effort",
      "low",
    );
  });

  it("maps effort, max tokens and the output schema", () => {
    const schema = { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false };
    const { body } = buildChatBody(
      { input: [user("hi")], tools: [functionApplyPatchSpec()], instructions: "", outputSchema: schema },
      { ...settings, reasoningEffort: "low", supportsReasoningSummaries: true, maxOutputTokens: 99 },
    );
    expect(body).toMatchObject({
      reasoning_effort: "low",
      max_tokens: 99,
      response_format: { type: "json_schema", json_schema: { name: "codex_output_schema", strict: true, schema } },
    });
    expect(body.tools).toHaveLength(1);
  });
});
