// The POST /responses body: reasoning, include, text.verbosity/format, stripped item ids.

import { describe, expect, it } from "vitest";
import type { Prompt } from "../../../../src/model/model-client.js";
import { modelInfoFor } from "../../../../src/model/model-info.js";
import { buildResponsesBody, type ModelSettings } from "../../../../src/model/responses/responses-request.js";
import { userTextMessage, type ResponseItem } from "../../../../src/protocol/index.js";

const THREAD = "01a1fe74-6409-7e80-b08c-8c459f045b31";

const settings = (model: string, over: Partial<ModelSettings> = {}): ModelSettings => ({
  model,
  info: modelInfoFor(model),
  threadId: THREAD,
  reasoningEffort: null,
  reasoningSummary: null,
  verbosity: null,
  supportsReasoningSummaries: null,
    maxOutputTokens: null,
  ...over,
});

const prompt = (over: Partial<Prompt> = {}): Prompt => ({
  input: [userTextMessage("fix the bug")],
  tools: [],
  instructions: "be helpful",
  ...over,
});

describe("buildResponsesBody", () => {
  it("gpt-5.5 defaults: medium effort, no summary, encrypted reasoning, low verbosity — in codex's field order", () => {
    const body = buildResponsesBody(prompt(), settings("gpt-5.5"));
    expect(body).toEqual({
      model: "gpt-5.5",
      instructions: "be helpful",
      input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "fix the bug" }] }],
      tools: [],
      tool_choice: "auto",
      parallel_tool_calls: true,
      reasoning: { effort: "medium" },
      store: false,
      stream: true,
      include: ["reasoning.encrypted_content"],
      prompt_cache_key: THREAD,
      text: { verbosity: "low" },
    });
    expect(Object.keys(body)).toEqual([
      "model",
      "instructions",
      "input",
      "tools",
      "tool_choice",
      "parallel_tool_calls",
      "reasoning",
      "store",
      "stream",
      "include",
      "prompt_cache_key",
      "text",
    ]);
  });

  it.each([
    { model: "gpt-5", over: {}, reasoning: { effort: "medium" } },
    { model: "gpt-5.5-codex", over: {}, reasoning: { effort: "medium" } },
    { model: "gpt-5.5", over: { reasoningEffort: "high" }, reasoning: { effort: "high" } },
    { model: "gpt-5.5", over: { reasoningSummary: "auto" }, reasoning: { effort: "medium", summary: "auto" } },
    { model: "gpt-5.5", over: { reasoningSummary: "detailed", reasoningEffort: "low" }, reasoning: { effort: "low", summary: "detailed" } },
    { model: "gpt-5.5", over: { reasoningSummary: "none" }, reasoning: { effort: "medium" } },
    { model: "o3", over: {}, reasoning: { effort: "medium", summary: "auto" } },
    { model: "o3", over: { reasoningSummary: "none" }, reasoning: { effort: "medium" } },
  ] as const)("reasoning for $model with $over", ({ model, over, reasoning }) => {
    const body = buildResponsesBody(prompt(), settings(model, over));
    expect(body["reasoning"]).toEqual(reasoning);
    expect(body["include"]).toEqual(["reasoning.encrypted_content"]);
  });

  it.each(["unknown-model-x", "gpt-4o", "llama3"])("%s: reasoning null, include [], no text", (model) => {
    const body = buildResponsesBody(prompt(), settings(model));
    expect(body["reasoning"]).toBeNull();
    expect("reasoning" in body).toBe(true);
    expect(body["include"]).toEqual([]);
    expect("text" in body).toBe(false);
  });

  it("service_tier is sent only when configured, after include, as codex places it", () => {
    expect(buildResponsesBody(prompt(), settings("gpt-5.5"))).not.toHaveProperty("service_tier");
    const body = buildResponsesBody(prompt(), settings("gpt-5.5", { serviceTier: "priority" }));
    expect(body["service_tier"]).toBe("priority");
    const keys = Object.keys(body);
    expect(keys.indexOf("service_tier")).toBe(keys.indexOf("include") + 1);
  });

  it("a configured effort is sent even for an unknown model", () => {
    const body = buildResponsesBody(prompt(), settings("unknown-model-x", { reasoningEffort: "low" }));
    expect(body["reasoning"]).toEqual({ effort: "low" });
    expect(body["include"]).toEqual(["reasoning.encrypted_content"]);
  });

  it("a configured summary of `none` alone sends no reasoning for an unknown model", () => {
    const body = buildResponsesBody(prompt(), settings("unknown-model-x", { reasoningSummary: "none" }));
    expect(body["reasoning"]).toBeNull();
    expect(body["include"]).toEqual([]);
  });

  it("model_supports_reasoning_summaries forces reasoning on, and off", () => {
    expect(buildResponsesBody(prompt(), settings("unknown-model-x", { supportsReasoningSummaries: true }))["reasoning"]).toEqual({
      summary: "auto",
    });
    expect(buildResponsesBody(prompt(), settings("gpt-5.5", { supportsReasoningSummaries: false }))["reasoning"]).toBeNull();
  });

  it.each([
    { model: "gpt-5.5", verbosity: null, text: { verbosity: "low" } },
    { model: "gpt-5.5", verbosity: "high", text: { verbosity: "high" } },
    { model: "o3", verbosity: null, text: undefined },
  ] as const)("text.verbosity: $model, configured $verbosity", ({ model, verbosity, text }) => {
    expect(buildResponsesBody(prompt(), settings(model, { verbosity }))["text"]).toEqual(text);
  });

  it("a configured verbosity is ignored for a model without verbosity support (core.md §1.3)", () => {
    expect(buildResponsesBody(prompt(), settings("o3", { verbosity: "high" }))["text"]).toBeUndefined();
    expect(buildResponsesBody(prompt(), settings("unknown-model-x", { verbosity: "high" }))["text"]).toBeUndefined();
  });

  it("text.format carries the output schema", () => {
    const schema = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"], additionalProperties: false };
    expect(buildResponsesBody(prompt({ outputSchema: schema }), settings("gpt-5.5"))["text"]).toEqual({
      verbosity: "low",
      format: { type: "json_schema", strict: true, schema, name: "codex_output_schema" },
    });
    expect(buildResponsesBody(prompt({ outputSchema: schema }), settings("unknown-model-x"))["text"]).toEqual({
      format: { type: "json_schema", strict: true, schema, name: "codex_output_schema" },
    });
  });

  it("empty instructions are omitted", () => {
    expect("instructions" in buildResponsesBody(prompt({ instructions: "" }), settings("gpt-5.5"))).toBe(false);
  });

  it("tools pass through; parallel_tool_calls follows the model", () => {
    const tools = [{ type: "function", name: "exec_command", parameters: {} }];
    expect(buildResponsesBody(prompt({ tools }), settings("gpt-5.5"))).toMatchObject({ tools, parallel_tool_calls: true });
    expect(buildResponsesBody(prompt({ tools }), settings("unknown-model-x"))).toMatchObject({ parallel_tool_calls: false });
  });

  it("ids are stripped from input items; the prompt is not mutated", () => {
    const input: ResponseItem[] = [
      userTextMessage("hi"),
      { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "t" }], encrypted_content: "enc" },
      { type: "message", id: "msg_1", role: "assistant", content: [{ type: "output_text", text: "a" }] },
      { type: "function_call", id: "fc_1", name: "f", arguments: "{}", call_id: "call_1" },
      { type: "function_call_output", call_id: "call_1", output: "ok" },
      { type: "custom_tool_call", id: "ctc_1", call_id: "call_2", name: "apply_patch", input: "*** Begin Patch" },
    ];
    const before = structuredClone(input);
    const sent = buildResponsesBody(prompt({ input }), settings("gpt-5.5"))["input"] as Array<Record<string, unknown>>;
    expect(sent.map((i) => "id" in i)).toEqual([false, false, false, false, false, false]);
    expect(sent[1]).toEqual({ type: "reasoning", summary: [{ type: "summary_text", text: "t" }], encrypted_content: "enc" });
    expect(sent[3]).toEqual({ type: "function_call", name: "f", arguments: "{}", call_id: "call_1" });
    expect(input).toEqual(before);
  });
});
