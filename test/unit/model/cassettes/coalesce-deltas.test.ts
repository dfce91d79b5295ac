// Delta streams that split a run value are joined so the recorder can replace it; others keep their chunks.

import { describe, expect, it } from "vitest";
import { coalesceDeltas } from "../../../../src/model/cassettes/coalesce-deltas.js";

const delta = (itemId: string, text: string, type = "response.output_text.delta") => ({ type, item_id: itemId, content_index: 0, delta: text });
const hasPath = (t: string) => t.includes("/home/alice/repo");

describe("coalesceDeltas", () => {
  it("joins a stream whose pieces split the value, at the first piece's place", () => {
    const events = [{ type: "response.created" }, delta("m1", "Done in /home/al"), delta("m1", "ice/repo now"), delta("m1", "."), { type: "response.completed" }];
    expect(coalesceDeltas(events, hasPath)).toEqual([{ type: "response.created" }, delta("m1", "Done in /home/alice/repo now."), { type: "response.completed" }]);
  });

  it("leaves other streams, other items and unrelated events as recorded", () => {
    const events = [
      delta("m1", "hello "),
      delta("m1", "world"),
      delta("fc1", '{"workdir":"/home/al', "response.function_call_arguments.delta"),
      delta("m2", "plain"),
      delta("fc1", 'ice/repo"}', "response.function_call_arguments.delta"),
      { type: "response.output_text.done", item_id: "m1", text: "hello world" },
    ];
    expect(coalesceDeltas(events, hasPath)).toEqual([
      delta("m1", "hello "),
      delta("m1", "world"),
      delta("fc1", '{"workdir":"/home/alice/repo"}', "response.function_call_arguments.delta"),
      delta("m2", "plain"),
      { type: "response.output_text.done", item_id: "m1", text: "hello world" },
    ]);
  });

  it("a value inside a single piece needs no joining; chat chunks are not touched", () => {
    const events = [delta("m1", "at /home/alice/repo"), { choices: [{ delta: { content: "/home/al" } }] }];
    expect(coalesceDeltas(events, (t) => hasPath(t) && !t.startsWith("at"))).toEqual(events);
  });
});
