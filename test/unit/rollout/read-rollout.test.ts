// Reading rollouts: skipped damage, a torn last line, an unusable first line, size.

import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SessionError } from "../../../src/errors.js";
import type { RolloutItem } from "../../../src/protocol/index.js";
import { readRollout } from "../../../src/rollout/read-rollout.js";
import { readSessionMeta } from "../../../src/rollout/read-session-meta.js";
import { assistant, meta, rolloutText, tempDir, THREAD_A, tokenCount, turnContext, user } from "./support.js";

async function fileWith(text: string): Promise<string> {
  const file = path.join(await tempDir(), "r.jsonl");
  await writeFile(file, text);
  return file;
}

describe("readRollout", () => {
  it("returns every line with its timestamp, meta first", async () => {
    const items = [meta(THREAD_A, "/w"), turnContext("/w"), user("hi"), assistant("yo"), tokenCount(5, 2)];
    const file = await fileWith(rolloutText(items));
    const parsed = await readRollout(file);
    expect(parsed.meta.id).toBe(THREAD_A);
    expect(parsed.skipped).toBe(0);
    expect(parsed.lines).toEqual(items.map((it) => ({ ...it, timestamp: "2025-01-02T03:04:05.678Z" })));
  });

  it("ignores a torn last line", async () => {
    const whole = rolloutText([meta(THREAD_A, "/w"), user("hi")]);
    const torn = rolloutText([assistant("this line was cut by SIGKILL")]).slice(0, 40);
    const parsed = await readRollout(await fileWith(whole + torn));
    expect(parsed.lines.map((l) => l.type)).toEqual(["session_meta", "response_item"]);
    expect(parsed.skipped).toBe(1);
  });

  it("skips middle lines that are not JSON or not a known item, and blank lines", async () => {
    const text =
      rolloutText([meta(THREAD_A, "/w")]) +
      "not json\n\n" +
      '{"timestamp":"2025-01-02T03:04:05.678Z","type":"response_item","payload":{"type":"ghost_snapshot"}}\n' +
      '{"timestamp":"2025-01-02T03:04:05.678Z","type":"event_msg","payload":{"type":"exec_command_begin"}}\n' +
      '{"type":"response_item"}\n' +
      rolloutText([user("kept")]);
    const parsed = await readRollout(await fileWith(text));
    expect(parsed.lines.map((l) => l.type)).toEqual(["session_meta", "response_item"]);
    expect(parsed.skipped).toBe(4);
  });

  it("keeps a compaction whose replacement history holds unknown item types, minus those items", async () => {
    const text =
      rolloutText([meta(THREAD_A, "/w")]) +
      JSON.stringify({
        timestamp: "2025-01-02T03:04:05.678Z",
        type: "compacted",
        payload: {
          message: "",
          replacement_history: [
            { type: "message", role: "user", content: [{ type: "input_text", text: "kept" }] },
            { type: "ghost_snapshot", ghost_commit: {} },
          ],
        },
      }) +
      "\n";
    const parsed = await readRollout(await fileWith(text));
    expect(parsed.lines[1]).toEqual({
      type: "compacted",
      timestamp: "2025-01-02T03:04:05.678Z",
      payload: { message: "", replacement_history: [{ type: "message", role: "user", content: [{ type: "input_text", text: "kept" }] }] },
    });
  });

  it.each([
    { name: "a non-JSON first line", text: "garbage\n" + rolloutText([user("x")]) },
    { name: "a first line that is not session_meta", text: rolloutText([user("x"), meta(THREAD_A, "/w")]) },
    { name: "a torn first (and only) line", text: rolloutText([meta(THREAD_A, "/w")]).slice(0, 30) },
    { name: "an empty file", text: "" },
  ])("throws session_unreadable for $name", async ({ text }) => {
    const file = await fileWith(text);
    const err: unknown = await readRollout(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionError);
    expect(err).toMatchObject({ code: "session_unreadable" });
    expect(String((err as Error).message)).toContain(file);
  });

  it("throws session_unreadable for a missing file", async () => {
    const file = path.join(await tempDir(), "nope.jsonl");
    await expect(readRollout(file)).rejects.toMatchObject({ code: "session_unreadable" });
  });

  // Its speed is measured in bench/, not here; this checks that a large file loads whole.
  it("loads a 10,000-item rollout", async () => {
    const items: RolloutItem[] = [meta(THREAD_A, "/w")];
    for (let i = 0; i < 10_000; i++) items.push(i % 2 ? assistant(`answer ${i} ${"z".repeat(200)}`) : user(`question ${i}`));
    const file = await fileWith(rolloutText(items));
    const parsed = await readRollout(file);
    expect(parsed.lines).toHaveLength(10_001);
  });
});

describe("readSessionMeta", () => {
  it("reads only the first line, even a long one", async () => {
    const big = meta(THREAD_A, "/w", { base_instructions: { text: "b".repeat(200_000) } });
    const file = await fileWith(rolloutText([big, user("x")]) + "garbage that is never read");
    expect((await readSessionMeta(file))?.base_instructions?.text).toHaveLength(200_000);
  });

  it("is null for a first line that is not a session_meta", async () => {
    expect(await readSessionMeta(await fileWith(rolloutText([user("x")])))).toBeNull();
    expect(await readSessionMeta(await fileWith(""))).toBeNull();
  });
});
