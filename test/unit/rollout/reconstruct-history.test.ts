// Rebuilding history, usage and context from rollout items, with and without compactions.

import { describe, expect, it } from "vitest";
import { emptyUsage, type ResponseItem, type RolloutItem } from "../../../src/protocol/index.js";
import { reconstructHistory } from "../../../src/rollout/reconstruct-history.js";
import { assistant, meta, THREAD_A, tokenCount, turnContext, user } from "./support.js";

const payload = (it: RolloutItem): ResponseItem => {
  if (it.type !== "response_item") throw new Error("not a response item");
  return it.payload;
};

const compacted = (replacement: RolloutItem[] | null, message = "summary"): RolloutItem => ({
  type: "compacted",
  payload: replacement === null ? { message } : { message, replacement_history: replacement.map(payload) },
});

describe("reconstructHistory", () => {
  it("replays response items in order; usage is the last token_count total; the last turn_context wins", () => {
    const items = [
      meta(THREAD_A, "/w"),
      turnContext("/w"),
      user("q1"),
      assistant("a1"),
      tokenCount(10, 3),
      { type: "event_msg", payload: { type: "token_count", info: null } },
      turnContext("/w/sub"),
      user("q2"),
      { type: "event_msg", payload: { type: "agent_message", message: "a2" } },
      assistant("a2"),
      tokenCount(25, 7),
    ] satisfies RolloutItem[];
    const r = reconstructHistory(items);
    expect(r.history).toEqual([user("q1"), assistant("a1"), user("q2"), assistant("a2")].map(payload));
    expect(r.usage).toEqual({ ...emptyUsage(), input_tokens: 25, output_tokens: 7 });
    expect(r.lastTurnContext?.cwd).toBe("/w/sub");
    expect(r.meta?.id).toBe(THREAD_A);
  });

  it("uses the newest compaction's replacement history as the base, then replays what follows", () => {
    const items: RolloutItem[] = [
      meta(THREAD_A, "/w"),
      user("q1"),
      assistant("a1"),
      compacted([user("first summary")]),
      user("q2"),
      assistant("a2"),
      compacted([user("q1"), user("q2"), user("second summary")]),
      user("q3"),
      assistant("a3"),
    ];
    expect(reconstructHistory(items).history).toEqual(
      [user("q1"), user("q2"), user("second summary"), user("q3"), assistant("a3")].map(payload),
    );
  });

  it("an older compaction is replaced by a newer one even with items between", () => {
    const items: RolloutItem[] = [meta(THREAD_A, "/w"), compacted([user("old")]), user("x"), compacted([user("new")])];
    expect(reconstructHistory(items).history).toEqual([user("new")].map(payload));
  });

  it("a legacy compaction without replacement history keeps the real user messages plus the summary", () => {
    const items: RolloutItem[] = [
      meta(THREAD_A, "/w"),
      user("<environment_context>\n  <cwd>/w</cwd>\n</environment_context>"),
      user("q1"),
      assistant("a1"),
      compacted(null, "what happened so far"),
      user("q2"),
    ];
    expect(reconstructHistory(items).history).toEqual([user("q1"), user("what happened so far"), user("q2")].map(payload));
  });

  it("has zero usage, no context and no meta for nothing", () => {
    expect(reconstructHistory([])).toEqual({ history: [], usage: emptyUsage(), lastTokenTotal: 0, lastTurnContext: null, meta: null });
  });

  it("returns a history the caller may change without touching the items", () => {
    const base = compacted([user("s")]);
    const r = reconstructHistory([meta(THREAD_A, "/w"), base]);
    r.history.push(payload(user("more")));
    expect(base.type === "compacted" && base.payload.replacement_history).toHaveLength(1);
  });
});
