// Many writers on one rollout file never interleave inside a line: in one process and across 20 processes.

import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openRolloutForAppend } from "../../../src/rollout/file-recorder.js";
import { readRollout } from "../../../src/rollout/read-rollout.js";
import { fakeClock, meta, rolloutText, tempDir, THREAD_A } from "./support.js";

const HELPER = fileURLToPath(new URL("./fixtures/append-lines.mjs", import.meta.url));
const FILLER = "y".repeat(2000);

describe("concurrent appends", () => {
  it("20 recorders on one file, firing concurrently: every line whole, each writer's lines in order", async () => {
    const home = await tempDir();
    const file = path.join(home, "shared.jsonl");
    const writers = Array.from({ length: 20 }, () => openRolloutForAppend(file, fakeClock(new Date())));
    await writers[0]?.record([meta(THREAD_A, "/w")]);
    await Promise.all(
      writers.flatMap((w, wi) =>
        Array.from({ length: 50 }, (_, i) =>
          w.record([{ type: "event_msg", payload: { type: "agent_message", message: `${wi}:${i}:${FILLER}` } }]),
        ),
      ),
    );
    await Promise.all(writers.map((w) => w.close()));

    const text = await readFile(file, "utf8");
    const raw = text.split("\n").slice(0, -1);
    expect(raw).toHaveLength(1 + 20 * 50);
    for (const line of raw) expect(() => JSON.parse(line)).not.toThrow();
    const parsed = await readRollout(file);
    expect(parsed.skipped).toBe(0);
    const seen = new Map<string, number>();
    for (const l of parsed.lines) {
      if (l.type !== "event_msg" || l.payload.type !== "agent_message") continue;
      const [wi, i] = l.payload.message.split(":");
      expect(Number(i)).toBe(seen.get(wi ?? "") ?? 0);
      seen.set(wi ?? "", Number(i) + 1);
    }
    expect(seen.size).toBe(20);
  });

  it("20 processes appending 200 lines of ~2 KB each with O_APPEND single writes: all 4000 lines parse", async () => {
    const home = await tempDir();
    const file = path.join(home, "multi.jsonl");
    await writeFile(file, rolloutText([meta(THREAD_A, "/w")]));
    const runs = Array.from(
      { length: 20 },
      (_, w) =>
        new Promise<number | null>((resolve, reject) => {
          const child = spawn(process.execPath, [HELPER, file, "200", `w${w}`], { stdio: ["ignore", "ignore", "inherit"] });
          child.on("error", reject);
          child.on("exit", resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual(Array(20).fill(0));

    const raw = (await readFile(file, "utf8")).split("\n");
    expect(raw.at(-1)).toBe("");
    expect(raw).toHaveLength(1 + 20 * 200 + 1);
    for (const line of raw.slice(0, -1)) expect(() => JSON.parse(line)).not.toThrow();
    const parsed = await readRollout(file);
    expect(parsed.skipped).toBe(0);
    expect(parsed.lines).toHaveLength(1 + 4000);
  });
});
