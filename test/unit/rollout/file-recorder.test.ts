// The file recorder: path layout, line format, lazy creation, ordering, fsync, append (resume), failures.

import { existsSync } from "node:fs";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SessionError } from "../../../src/errors.js";
import { ephemeralRecorder } from "../../../src/rollout/ephemeral-recorder.js";
import { createRolloutRecorder, openRolloutForAppend } from "../../../src/rollout/file-recorder.js";
import { readRollout } from "../../../src/rollout/read-rollout.js";
import { rolloutPath } from "../../../src/rollout/rollout-path.js";
import { assistant, fakeClock, meta, rolloutText, tempDir, THREAD_A, user } from "./support.js";

// Local time: the folders and name use the wall clock of the machine, the line timestamps UTC.
const START = new Date(2025, 0, 2, 3, 4, 5, 678);

describe("createRolloutRecorder", () => {
  it("lays the file out as sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl in local time", async () => {
    const home = await tempDir();
    const rec = createRolloutRecorder({ codexHome: home, threadId: THREAD_A, clock: fakeClock(START) });
    expect(rec.path).toBe(path.join(home, "sessions", "2025", "01", "02", `rollout-2025-01-02T03-04-05-${THREAD_A}.jsonl`));
    expect(rolloutPath(home, THREAD_A, new Date(2031, 11, 31, 23, 59, 9))).toBe(
      path.join(home, "sessions", "2031", "12", "31", `rollout-2031-12-31T23-59-09-${THREAD_A}.jsonl`),
    );
  });

  it("creates nothing until the first record, then writes whole lines with a UTC millisecond timestamp", async () => {
    const home = await tempDir();
    const clock = fakeClock(START);
    const rec = createRolloutRecorder({ codexHome: home, threadId: THREAD_A, clock });
    expect(existsSync(path.join(home, "sessions"))).toBe(false);
    await rec.flush();
    expect(existsSync(path.join(home, "sessions"))).toBe(false);

    await rec.record([meta(THREAD_A, "/w")]);
    clock.set(new Date(Date.UTC(2025, 5, 7, 8, 9, 10, 11)));
    await rec.record([user("hi"), assistant("hello")]);
    await rec.close();

    const text = await readFile(rec.path, "utf8");
    const lines = text.split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      `{"timestamp":"${START.toISOString()}","type":"session_meta","payload":${JSON.stringify(meta(THREAD_A, "/w").payload)}}`,
    );
    expect(lines[1]).toBe(
      '{"timestamp":"2025-06-07T08:09:10.011Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}}',
    );
    for (const l of lines.slice(0, 3)) expect(JSON.parse(l).timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect((await stat(rec.path)).mode & 0o777).toBe(0o600);
  });

  it("keeps record() order even when nobody awaits, and flush() waits for them all", async () => {
    const home = await tempDir();
    const rec = createRolloutRecorder({ codexHome: home, threadId: THREAD_A, clock: fakeClock(START) });
    void rec.record([meta(THREAD_A, "/w")]);
    for (let i = 0; i < 300; i++) void rec.record([user(`m${i}`)]);
    await rec.flush();
    const { lines } = await readRollout(rec.path);
    expect(lines.slice(1).map((l) => (l.type === "response_item" && l.payload.type === "message" ? l.payload.content[0] : null))).toEqual(
      Array.from({ length: 300 }, (_, i) => ({ type: "input_text", text: `m${i}` })),
    );
    await rec.close();
  });

  it("serialises items when record() is called, not when the write happens", async () => {
    const home = await tempDir();
    const rec = createRolloutRecorder({ codexHome: home, threadId: THREAD_A, clock: fakeClock(START) });
    const item = user("before");
    const done = rec.record([meta(THREAD_A, "/w"), item]);
    if (item.type === "response_item" && item.payload.type === "message") item.payload.content = [];
    await done;
    await rec.close();
    expect(await readFile(rec.path, "utf8")).toContain('"text":"before"');
  });

  it("fails with session_write_failed naming the file, and stays failed (no holes)", async () => {
    const home = await tempDir();
    await writeFile(path.join(home, "sessions"), "a file where the folder should be");
    const rec = createRolloutRecorder({ codexHome: home, threadId: THREAD_A, clock: fakeClock(START) });
    const first = rec.record([meta(THREAD_A, "/w")]);
    await expect(first).rejects.toBeInstanceOf(SessionError);
    await expect(first).rejects.toMatchObject({ code: "session_write_failed" });
    await expect(first).rejects.toThrow(rec.path);
    await expect(rec.record([user("x")])).rejects.toMatchObject({ code: "session_write_failed" });
    await expect(rec.flush()).rejects.toMatchObject({ code: "session_write_failed" });
    await rec.close();
  });

  it("rejects records after close", async () => {
    const home = await tempDir();
    const rec = createRolloutRecorder({ codexHome: home, threadId: THREAD_A, clock: fakeClock(START) });
    await rec.record([meta(THREAD_A, "/w")]);
    await rec.close();
    await expect(rec.record([user("late")])).rejects.toMatchObject({ code: "internal_bug" });
  });
});

describe("openRolloutForAppend", () => {
  it("appends to the existing file (resume) without touching earlier lines", async () => {
    const home = await tempDir();
    const file = path.join(home, "r.jsonl");
    const before = rolloutText([meta(THREAD_A, "/w"), user("one")]);
    await writeFile(file, before);
    const rec = openRolloutForAppend(file, fakeClock(START));
    expect(rec.path).toBe(file);
    await rec.record([user("two")]);
    await rec.close();
    const after = await readFile(file, "utf8");
    expect(after.startsWith(before)).toBe(true);
    expect((await readRollout(file)).lines).toHaveLength(3);
  });

  it("terminates a torn last line first, so the new line is not glued to it", async () => {
    const home = await tempDir();
    const file = path.join(home, "torn.jsonl");
    await writeFile(file, `${rolloutText([meta(THREAD_A, "/w"), user("one")])}{"timestamp":"2025-01-02T03:04:0`);
    const rec = openRolloutForAppend(file, fakeClock(START));
    await rec.record([user("two")]);
    await rec.close();
    const parsed = await readRollout(file);
    expect(parsed.skipped).toBe(1);
    expect(parsed.lines.map((l) => l.type)).toEqual(["session_meta", "response_item", "response_item"]);
  });

  it("creates missing folders lazily too", async () => {
    const home = await tempDir();
    const file = path.join(home, "a", "b", "r.jsonl");
    const rec = openRolloutForAppend(file, fakeClock(START));
    expect(existsSync(path.join(home, "a"))).toBe(false);
    await rec.record([meta(THREAD_A, "/w")]);
    await rec.close();
    expect((await readRollout(file)).meta.id).toBe(THREAD_A);
  });
});

describe("ephemeralRecorder", () => {
  it("has no path and writes nothing", async () => {
    const home = await tempDir();
    await mkdir(path.join(home, "sessions"));
    const rec = ephemeralRecorder();
    expect(rec.path).toBeNull();
    await rec.record([meta(THREAD_A, "/w"), user("x")]);
    await rec.flush();
    await rec.close();
    expect(existsSync(path.join(home, "sessions", "2025"))).toBe(false);
  });
});
