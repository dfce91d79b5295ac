// Finding sessions: by id, by file path, and the newest one for a cwd (`--last`, `--all`).

import { mkdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SessionError } from "../../../src/errors.js";
import type { RolloutItem } from "../../../src/protocol/index.js";
import { findLatestSession, findSessionById, sessionNotFoundError } from "../../../src/rollout/find-session.js";
import { rolloutPath } from "../../../src/rollout/rollout-path.js";
import { meta, rolloutText, tempDir, THREAD_A, THREAD_B, turnContext, user } from "./support.js";

const THREAD_C = "0196f5a2-1c3d-7e4f-8a9b-0c1d2e3f4a5d";

async function store(home: string, id: string, startedAt: Date, items: RolloutItem[]): Promise<string> {
  const file = rolloutPath(home, id, startedAt);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, rolloutText(items));
  return file;
}

describe("findSessionById", () => {
  it("finds a rollout by thread id in any date folder, case-insensitively", async () => {
    const home = await tempDir();
    await store(home, THREAD_B, new Date(2025, 2, 1, 10, 0, 0), [meta(THREAD_B, "/b")]);
    const file = await store(home, THREAD_A, new Date(2024, 11, 31, 23, 0, 0), [meta(THREAD_A, "/a"), user("hi")]);
    const found = await findSessionById({ codexHome: home, id: THREAD_A.toUpperCase(), cwd: "/" });
    expect(found).toEqual({ path: file, meta: expect.objectContaining({ id: THREAD_A, cwd: "/a" }) });
  });

  it("accepts a rollout file path, absolute or relative to cwd", async () => {
    const home = await tempDir();
    const file = await store(home, THREAD_A, new Date(2025, 0, 1), [meta(THREAD_A, "/a")]);
    expect((await findSessionById({ codexHome: home, id: file, cwd: "/" }))?.path).toBe(file);
    const rel = path.relative(home, file);
    expect((await findSessionById({ codexHome: "/elsewhere", id: rel, cwd: home }))?.meta.id).toBe(THREAD_A);
  });

  it("is null for an unknown id, a missing path and a missing sessions folder", async () => {
    const home = await tempDir();
    expect(await findSessionById({ codexHome: home, id: THREAD_C, cwd: "/" })).toBeNull();
    await store(home, THREAD_A, new Date(2025, 0, 1), [meta(THREAD_A, "/a")]);
    expect(await findSessionById({ codexHome: home, id: THREAD_C, cwd: "/" })).toBeNull();
    expect(await findSessionById({ codexHome: home, id: path.join(home, "none.jsonl"), cwd: "/" })).toBeNull();
  });

  it("throws session_unreadable when the id's file has no valid session_meta", async () => {
    const home = await tempDir();
    const file = rolloutPath(home, THREAD_A, new Date(2025, 0, 1));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, "{torn");
    const err: unknown = await findSessionById({ codexHome: home, id: THREAD_A, cwd: "/" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionError);
    expect(err).toMatchObject({ code: "session_unreadable" });
    expect((err as Error).message).toContain(file);
  });

  it("sessionNotFoundError names the id, the folder and the way out", () => {
    const err = sessionNotFoundError(THREAD_C, "/home/me/.codex");
    expect(err).toMatchObject({ code: "session_not_found" });
    expect(err.message).toBe(
      `Error: no session found with id ${THREAD_C} under /home/me/.codex/sessions; list them with \`ls /home/me/.codex/sessions\` or use \`resume --last\``,
    );
  });
});

describe("findLatestSession", () => {
  it("picks the newest rollout whose cwd matches, ignoring newer ones elsewhere", async () => {
    const home = await tempDir();
    await store(home, THREAD_A, new Date(2025, 0, 1, 9), [meta(THREAD_A, "/proj")]);
    const mine = await store(home, THREAD_B, new Date(2025, 0, 2, 9), [meta(THREAD_B, "/proj")]);
    const other = await store(home, THREAD_C, new Date(2025, 0, 3, 9), [meta(THREAD_C, "/other")]);
    expect((await findLatestSession({ codexHome: home, cwd: "/proj" }))?.path).toBe(mine);
    expect((await findLatestSession({ codexHome: home, cwd: "/proj/" }))?.path).toBe(mine);
    expect((await findLatestSession({ codexHome: home, cwd: "/proj", all: true }))?.path).toBe(other);
    expect(await findLatestSession({ codexHome: home, cwd: "/nowhere" })).toBeNull();
  });

  it("matches on the last turn_context cwd when there is one", async () => {
    const home = await tempDir();
    const moved = await store(home, THREAD_A, new Date(2025, 0, 2), [
      meta(THREAD_A, "/start"),
      turnContext("/start"),
      user("q"),
      turnContext("/moved"),
    ]);
    expect((await findLatestSession({ codexHome: home, cwd: "/moved" }))?.path).toBe(moved);
    expect(await findLatestSession({ codexHome: home, cwd: "/start" })).toBeNull();
  });

  it("breaks a tie on the start second by modification time", async () => {
    const home = await tempDir();
    const at = new Date(2025, 0, 2, 9, 0, 0);
    const older = await store(home, THREAD_A, at, [meta(THREAD_A, "/p")]);
    const newer = await store(home, THREAD_B, at, [meta(THREAD_B, "/p")]);
    await utimes(older, new Date(2025, 0, 5), new Date(2025, 0, 5));
    await utimes(newer, new Date(2025, 0, 3), new Date(2025, 0, 3));
    expect((await findLatestSession({ codexHome: home, cwd: "/p" }))?.path).toBe(older);
  });

  it("passes over damaged rollouts and stray files", async () => {
    const home = await tempDir();
    const good = await store(home, THREAD_A, new Date(2025, 0, 1), [meta(THREAD_A, "/p")]);
    const bad = rolloutPath(home, THREAD_B, new Date(2025, 0, 2));
    await mkdir(path.dirname(bad), { recursive: true });
    await writeFile(bad, "not a rollout\n");
    await writeFile(path.join(path.dirname(bad), "notes.txt"), "hello");
    expect((await findLatestSession({ codexHome: home, cwd: "/p" }))?.path).toBe(good);
    expect((await findLatestSession({ codexHome: home, cwd: "/p", all: true }))?.path).toBe(good);
  });

  it("is null without a sessions folder", async () => {
    expect(await findLatestSession({ codexHome: await tempDir(), cwd: "/p", all: true })).toBeNull();
  });
});
