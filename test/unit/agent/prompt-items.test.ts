// promptItems: every call answered (a killed run's call gets "aborted"), orphan outputs dropped, history untouched.

import { describe, expect, it } from "vitest";
import { promptItems } from "../../../src/agent/prompt-items.js";
import { MISSING_CALL_OUTPUT, type ResponseItem } from "../../../src/protocol/index.js";

const user = (text: string): ResponseItem => ({ type: "message", role: "user", content: [{ type: "input_text", text }] });
const call = (id: string): ResponseItem => ({ type: "function_call", name: "exec_command", arguments: "{}", call_id: id });
const custom = (id: string): ResponseItem => ({ type: "custom_tool_call", name: "apply_patch", input: "x", call_id: id });
const output = (id: string, text = "ok"): ResponseItem => ({ type: "function_call_output", call_id: id, output: text });

describe("promptItems", () => {
  it("a balanced history is returned as it is (the same array)", () => {
    const items = [user("a"), call("c1"), output("c1"), user("b")];
    expect(promptItems(items)).toBe(items);
  });

  it("an unanswered call (a killed run) gets an `aborted` output right after it, of its own kind", () => {
    const items = [user("a"), call("c1"), custom("c2"), user("b")];
    expect(promptItems(items)).toEqual([
      user("a"),
      call("c1"),
      { type: "function_call_output", call_id: "c1", output: MISSING_CALL_OUTPUT },
      custom("c2"),
      { type: "custom_tool_call_output", call_id: "c2", output: "aborted" },
      user("b"),
    ]);
    expect(items).toHaveLength(4);
  });

  it("an output without its call is dropped", () => {
    expect(promptItems([user("a"), output("gone"), call("c1"), output("c1")])).toEqual([user("a"), call("c1"), output("c1")]);
  });

  it("a reused call id is paired call by call: only the unanswered one is aborted", () => {
    expect(promptItems([call("call_0"), output("call_0", "first"), call("call_0")])).toEqual([
      call("call_0"),
      output("call_0", "first"),
      call("call_0"),
      output("call_0", "aborted"),
    ]);
  });
});
