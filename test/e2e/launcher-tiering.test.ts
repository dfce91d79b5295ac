// The launcher keeps a stream's small per-event functions out of V8's optimising compiler (README "Performance").

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BIN } from "../support/run-cli.js";

const PRELOAD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/report-tiering.cjs");
const dir = mkdtempSync(path.join(os.tmpdir(), "codex-exec-tiering-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;

/** Run `node --allow-natives-syntax <preload> ...args`; whether the preload's hot function got optimised. */
function hotFunctionOptimized(args: string[]): { optimized: boolean; stderr: string } {
  runs += 1;
  const file = path.join(dir, `tiering-${runs}.json`);
  const r = spawnSync(process.execPath, ["--allow-natives-syntax", "--require", PRELOAD, ...args], {
    cwd: dir,
    env: { PATH: process.env["PATH"] ?? "", HOME: dir, CODEX_HOME: dir, CODEX_EXEC_TEST_TIERING_FILE: file },
    encoding: "utf8",
  });
  expect(r.status).toBe(0);
  return { optimized: (JSON.parse(readFileSync(file, "utf8")) as { optimized: boolean }).optimized, stderr: r.stderr };
}

// The launcher only tunes tiering on Node 20's V8 (11.3), where it was measured.
describe.skipIf(!process.versions.v8.startsWith("11.3."))("launcher tiering", () => {
  it("plain node optimises the preload's hot function: the probe can tell", () => {
    expect(hotFunctionOptimized(["-e", "0"]).optimized).toBe(true);
  });

  it("under bin/codex-exec.js the same function stays in baseline code, and nothing is printed", () => {
    const run = hotFunctionOptimized([BIN, "--version"]);
    expect(run.optimized).toBe(false);
    expect(run.stderr).toBe("");
  });
});
