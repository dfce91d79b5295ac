// Matching a live request against the recorded one, and the one-line summaries of what differs.

import { describe, expect, it } from "vitest";
import type { RecordedRequest } from "../../../../src/model/cassettes/cassette.js";
import { diffRequests } from "../../../../src/model/cassettes/request-diff.js";

const user = (text: string) => ({ type: "message", role: "user", content: [{ type: "input_text", text }] });
const tool = (name: string, description = "d") => ({ type: "function", name, description, parameters: {} });

function req(body: Record<string, unknown>, path = "/responses"): RecordedRequest {
  return { method: "POST", path, headers: {}, body: { model: "gpt-5.5", instructions: "base", ...body } };
}

const BASE = {
  input: [user("fix it"), { type: "function_call", name: "exec_command", arguments: "{}", call_id: "call_1" }, { type: "function_call_output", call_id: "call_1", output: "Exit code: 0\nthe quick brown fox" }],
  tools: [tool("exec_command"), tool("apply_patch")],
};

describe("diffRequests", () => {
  it("equal input and tools match; model, instructions and headers are not compared", () => {
    const live = { ...req(BASE), headers: { a: "b" }, body: { ...BASE, model: "o3", instructions: "other", stream: true } };
    expect(diffRequests(req(BASE), live)).toEqual([]);
  });

  it("names the item, its kind and the differing field, with both snippets", () => {
    const input = [...BASE.input.slice(0, 2), { type: "function_call_output", call_id: "call_1", output: "Exit code: 1\nthe quick brown fox" }];
    expect(diffRequests(req(BASE), req({ ...BASE, input }))).toEqual([
      'input[2] (function_call_output call_1).output: "Exit code: 1\\nthe quick brown fox" ≠ recorded "Exit code: 0\\nthe quick brown fox"',
    ]);
  });

  it("cuts long strings around the first difference", () => {
    const long = (word: string) => `${"a".repeat(100)} ${word} ${"b".repeat(100)}`;
    const [line] = diffRequests(req({ ...BASE, input: [user(long("cat"))] }), req({ ...BASE, input: [user(long("dog"))] }));
    expect(line).toBe(`input[0] (message user).content[0].text: …"${"a".repeat(19)} dog ${"b".repeat(16)}"… ≠ recorded …"${"a".repeat(19)} cat ${"b".repeat(16)}"…`);
  });

  it("extra and missing items", () => {
    const more = { ...BASE, input: [...BASE.input, user("and more")] };
    expect(diffRequests(req(BASE), req(more))).toEqual(["input: 4 items, recorded 3 (extra message user at input[3])"]);
    expect(diffRequests(req(more), req(BASE))).toEqual(["input: 3 items, recorded 4 (missing message user at input[3])"]);
  });

  it("tools: missing and extra by name, else the first differing tool", () => {
    expect(diffRequests(req(BASE), req({ ...BASE, tools: [tool("exec_command"), tool("view_image")] }))).toEqual([
      "tools: missing apply_patch; extra view_image",
    ]);
    expect(diffRequests(req(BASE), req({ ...BASE, tools: [tool("exec_command"), tool("apply_patch", "changed")] }))).toEqual([
      'tools[1] (function apply_patch).description: "changed" ≠ recorded "d"',
    ]);
  });

  it("chat requests compare messages; several differences give several lines", () => {
    const chat = (content: string, tools: unknown[]) => req({ messages: [{ role: "user", content }], tools }, "/chat/completions");
    expect(diffRequests(chat("a", [tool("x")]), chat("b", [tool("y")]))).toEqual([
      'messages[0] (user).content: "b" ≠ recorded "a"',
      "tools: missing x; extra y",
    ]);
  });

  it("a different endpoint is reported alone", () => {
    expect(diffRequests(req(BASE), req(BASE, "/chat/completions"))).toEqual(["endpoint: POST /chat/completions, recorded POST /responses"]);
  });
});
