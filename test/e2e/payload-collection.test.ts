// A long answer is collected as the response ends, not left in V8's old generation (README "Performance").

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, type TestContext } from "vitest";
import { reply } from "../support/mock-responses-server.js";
import { parseJsonl, runCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

const PRELOAD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/count-major-gc.cjs");

/** Full collections during a `--json` run answering `message`; checks the answer arrived whole. */
async function majorCollections(ctx: TestContext, message: string): Promise<number> {
  const { ws } = await scenario(ctx, [reply([{ message }])]);
  const file = path.join(ws.root, "gc.json");
  const r = await runCli(["--json", "answer at length"], {
    cwd: ws.repo,
    codexHome: ws.codexHome,
    env: { NODE_OPTIONS: `--require ${PRELOAD}`, CODEX_EXEC_TEST_GC_FILE: file },
  });
  expect(r.code).toBe(0);
  const item = parseJsonl(r.stdout).find((e) => e.type === "item.completed");
  expect(item).toMatchObject({ item: { type: "agent_message", text: message } });
  return (JSON.parse(readFileSync(file, "utf8")) as { major: number }).major;
}

describe("collecting long answers", () => {
  it("a long answer is followed by full collections; a short answer needs none", async (ctx) => {
    // 600 kB, over the pacing step, repeated by the events that end the response. V8 alone first collects
    // the old generation at tens of MB, so a run without the pacer has none here (measured: 0, wired: 4).
    // How many depends on how many events repeat the text: only "some" and "none" are asserted.
    const long = await majorCollections(ctx, "lorem ipsum dolor sit amet ".repeat(600_000 / 27));
    const short = await majorCollections(ctx, "a short answer");
    expect(short).toBe(0);
    expect(long).toBeGreaterThanOrEqual(1);
  });
});
