// The --json renderer: one schema-valid ThreadEvent per line, item ids in order, codex's mapping.

import { describe, expect, it } from "vitest";
import { ThreadEvent, type EventMsg } from "../../../src/protocol/index.js";
import { JsonlEventProcessor } from "../../../src/render/jsonl-processor.js";
import { configured, ev, SESSION_ID, usage } from "./fixtures.js";

/** Run a whole session through a fresh processor; returns every stdout line, schema-checked. */
function render(events: EventMsg[]): ThreadEvent[] {
  const p = new JsonlEventProcessor();
  const outputs = [p.start(configured()), ...events.map((e) => p.process(e))];
  outputs.push(p.finish());
  for (const o of outputs) expect(o.stderr).toBe("");
  const text = outputs.map((o) => o.stdout).join("");
  expect(text === "" || text.endsWith("\n")).toBe(true);
  const lines = text.split("\n").slice(0, -1);
  return lines.map((line) => {
    expect(line).not.toContain("\n");
    const parsed = ThreadEvent.parse(JSON.parse(line));
    // Serialisation is exactly the parsed event: no extra or missing fields.
    expect(JSON.parse(line)).toEqual(parsed);
    return parsed;
  });
}

describe("JsonlEventProcessor", () => {
  it("thread.started carries the session id; silent events emit nothing", () => {
    expect(render([ev.shutdown(), { ...configured(), type: "session_configured" }])).toEqual([
      { type: "thread.started", thread_id: SESSION_ID },
    ]);
  });

  it("a plain turn", () => {
    expect(render([ev.started(), ev.message("Hello."), ev.tokens(usage(100, 20, 10, 4)), ev.completed("Hello.")])).toEqual([
      { type: "thread.started", thread_id: SESSION_ID },
      { type: "turn.started" },
      { type: "item.completed", item: { id: "item_0", type: "agent_message", text: "Hello." } },
      { type: "turn.completed", usage: usage(100, 20, 10, 4), response_ids: ["resp_1"] },
    ]);
  });

  it("item ids are item_0, item_1, … in order of appearance across kinds", () => {
    const lines = render([
      ev.warning("w0"),
      ev.started(),
      ev.reasoning("thinking"),
      ev.message("first"),
      ev.reasoning("more"),
      ev.warning("w1"),
      ev.message("second"),
      ev.completed("second"),
    ]);
    const items = lines.flatMap((l) => (l.type === "item.completed" ? [[l.item.id, l.item.type]] : []));
    expect(items).toEqual([
      ["item_0", "error"],
      ["item_1", "reasoning"],
      ["item_2", "agent_message"],
      ["item_3", "reasoning"],
      ["item_4", "error"],
      ["item_5", "agent_message"],
    ]);
  });

  it.each(["", "   ", "\n\t"])("blank reasoning %j emits nothing and consumes no id", (blank) => {
    const lines = render([ev.started(), ev.reasoning(blank), ev.message("m")]);
    expect(lines.slice(1)).toEqual([
      { type: "turn.started" },
      { type: "item.completed", item: { id: "item_0", type: "agent_message", text: "m" } },
    ]);
  });

  it("warnings become `error` items", () => {
    expect(render([ev.warning("ignoring unknown configuration field `x`")])[1]).toEqual({
      type: "item.completed",
      item: { id: "item_0", type: "error", message: "ignoring unknown configuration field `x`" },
    });
  });

  it("stream_error → top-level error with details in parentheses, no item id used", () => {
    const lines = render([
      ev.started(),
      ev.streamError("Reconnecting... 1/5", "details"),
      ev.streamError("Reconnecting... 2/5", "stream closed before response.completed"),
      ev.message("ok"),
    ]);
    expect(lines.slice(2)).toEqual([
      { type: "error", message: "Reconnecting... 1/5 (details)" },
      { type: "error", message: "Reconnecting... 2/5 (stream closed before response.completed)" },
      { type: "item.completed", item: { id: "item_0", type: "agent_message", text: "ok" } },
    ]);
  });

  it("exact bytes of a stream_error line", () => {
    const p = new JsonlEventProcessor();
    expect(p.process(ev.streamError("Reconnecting... 1/5", "details")).stdout).toBe(
      '{"type":"error","message":"Reconnecting... 1/5 (details)"}\n',
    );
  });

  it("failed turn → error then turn.failed with message and code", () => {
    const lines = render([
      ev.started(),
      ev.error("rate limit exceeded: synthetic server error", "rate_limit"),
      ev.failed("rate limit exceeded: synthetic server error", "rate_limit"),
    ]);
    expect(lines.slice(1)).toEqual([
      { type: "turn.started" },
      { type: "error", message: "rate limit exceeded: synthetic server error" },
      { type: "turn.failed", error: { message: "rate limit exceeded: synthetic server error", code: "rate_limit" } },
    ]);
  });

  it("failed turn without error details → `turn failed`", () => {
    const lines = render([
      ev.started(),
      { type: "task_complete", turn_id: "1", status: "failed", last_agent_message: null, error: null, response_ids: [] },
    ]);
    expect(lines.at(-1)).toEqual({ type: "turn.failed", error: { message: "turn failed", code: "internal" } });
  });

  it("turn.completed carries the last token_count total", () => {
    const lines = render([
      ev.started(),
      ev.tokens(usage(100, 20, 10), usage(100, 20, 10)),
      ev.tokens(usage(300, 70, 30, 4), usage(200, 50, 20, 4)),
      ev.completed(null),
    ]);
    expect(lines.at(-1)).toEqual({ type: "turn.completed", usage: usage(300, 70, 30, 4), response_ids: ["resp_1"] });
  });

  it("turn.completed has zero usage when none was reported", () => {
    expect(render([ev.started(), ev.completed("x")]).at(-1)).toEqual({
      type: "turn.completed",
      usage: usage(0, 0, 0),
      response_ids: ["resp_1"],
    });
  });

  it("an interrupted turn emits neither turn.completed nor turn.failed", () => {
    expect(render([ev.started(), ev.aborted(), ev.shutdown()]).map((l) => l.type)).toEqual(["thread.started", "turn.started"]);
  });

  it("a command still running when the turn ends completes, as last seen, before turn.completed", () => {
    const running = { id: "item_0", type: "command_execution", command: "sleep 30", aggregated_output: "", exit_code: null, status: "in_progress" };
    expect(render([ev.started(), ev.execBegin("c1", "sleep 30"), ev.message("done"), ev.completed("done")]).slice(1)).toEqual([
      { type: "turn.started" },
      { type: "item.started", item: running },
      { type: "item.completed", item: { id: "item_1", type: "agent_message", text: "done" } },
      { type: "item.completed", item: running },
      { type: "turn.completed", usage: usage(0, 0, 0), response_ids: ["resp_1"] },
    ]);
  });

  it("heartbeats of a running command emit nothing: the item goes from started to completed, as in codex", () => {
    const lines = render([
      ev.started(),
      ev.execBegin("c1", "cargo build"),
      ev.execProgress("c1", 10_000, "Compiling foo v1.2"),
      ev.execProgress("c1", 40_000, null),
      ev.execEnd("c1", "cargo build", "Compiling foo v1.2\n"),
      ev.completed(),
    ]);
    expect(lines.map((l) => ("item" in l ? `${l.type}:${l.item.id}` : l.type))).toEqual([
      "thread.started",
      "turn.started",
      "item.started:item_0",
      "item.completed:item_0",
      "turn.completed",
    ]);
  });

  it("an interrupted or failed turn completes its open items too, and the next turn starts clean", () => {
    const lines = render([
      ev.started("1"),
      ev.execBegin("c1", "sleep 30"),
      ev.aborted("1"),
      ev.started("2"),
      ev.execBegin("c2", "sleep 40"),
      ev.failed("boom", "server", "2"),
      ev.started("3"),
      ev.completed(null, "3"),
    ]);
    expect(lines.slice(1).map((l) => (l.type.startsWith("item.") && "item" in l ? `${l.type} ${l.item.id}` : l.type))).toEqual([
      "turn.started",
      "item.started item_0",
      "item.completed item_0",
      "turn.started",
      "item.started item_1",
      "item.completed item_1",
      "turn.failed",
      "turn.started",
      "turn.completed",
    ]);
  });

  it("ids keep counting across turns", () => {
    const lines = render([ev.started("1"), ev.message("a"), ev.completed("a", "1"), ev.started("2"), ev.message("b")]);
    expect(lines.at(-1)).toEqual({ type: "item.completed", item: { id: "item_1", type: "agent_message", text: "b" } });
  });

  it("a moved file is named by its source with kind update, as codex does; move_path (ours) holds the destination", () => {
    const changes = [
      { path: "/w/a.txt", kind: "add" as const },
      { path: "/w/old.txt", kind: "update" as const, move_path: "/w/new/renamed.txt" },
    ];
    const want = [
      { path: "/w/a.txt", kind: "add" },
      { path: "/w/old.txt", kind: "update", move_path: "/w/new/renamed.txt" },
    ];
    const lines = render([
      { type: "patch_apply_begin", call_id: "p1", changes },
      { type: "patch_apply_end", call_id: "p1", changes, status: "completed", stdout: "", stderr: "" },
    ]);
    expect(lines.slice(1)).toEqual([
      { type: "item.started", item: { id: "item_0", type: "file_change", changes: want, status: "in_progress" } },
      { type: "item.completed", item: { id: "item_0", type: "file_change", changes: want, status: "completed" } },
    ]);
    // No move, no move_path key at all: that entry is codex's byte for byte.
    const started = lines[1];
    if (started?.type !== "item.started" || started.item.type !== "file_change") throw new Error("not a file_change item");
    expect(Object.keys(started.item.changes[0] ?? {})).toEqual(["path", "kind"]);
  });

  it("text with newlines, quotes and unicode stays on one line", () => {
    const lines = render([ev.message('line1\nline2 "q" ✓ \u2028')]);
    expect(lines[1]).toEqual({ type: "item.completed", item: { id: "item_0", type: "agent_message", text: 'line1\nline2 "q" ✓ \u2028' } });
  });
});
