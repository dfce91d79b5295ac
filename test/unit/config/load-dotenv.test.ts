// `$CODEX_HOME/.env` against real temp directories: what is added, what is never overridden or set.

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDotenv } from "../../../src/config/load-dotenv.js";

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), "codex-exec-dotenv-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("loadDotenv", () => {
  it("no file: the environment unchanged, nothing added, no warning", async () => {
    expect(await loadDotenv(home, { A: "1" })).toEqual({ env: { A: "1" }, added: [], warning: null });
  });

  it("adds what is not set; the caller's value wins; CODEX_ names (any case) are never set", async () => {
    await writeFile(path.join(home, ".env"), "# comment\nNEW=one\nSET=from-file\nQUOTED=\"two words\"\nCODEX_API_KEY=x\ncodex_home=y\n");
    const out = await loadDotenv(home, { SET: "from-caller" });
    expect(out.env).toEqual({ SET: "from-caller", NEW: "one", QUOTED: "two words" });
    expect(out.added.sort()).toEqual(["NEW", "QUOTED"]);
    expect(out.warning).toBeNull();
  });

  it("an empty value in the caller's environment still counts as set", async () => {
    await writeFile(path.join(home, ".env"), "EMPTY=filled\n");
    expect((await loadDotenv(home, { EMPTY: "" })).env["EMPTY"]).toBe("");
  });

  it("a .env that cannot be read is a warning naming it, not a failure", async () => {
    await mkdir(path.join(home, ".env"));
    const out = await loadDotenv(home, { A: "1" });
    expect(out.warning).toMatch(new RegExp(`^${path.join(home, ".env")} not read: `));
    expect(out.env).toEqual({ A: "1" });
    expect(out.added).toEqual([]);
  });
});
