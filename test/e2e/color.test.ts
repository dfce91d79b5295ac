// End to end: `--color` and the colour environment variables; ANSI only ever on stderr (spec §2.2, §4.4).

import { describe, expect, it } from "vitest";
import { failed, reply, type Step } from "../support/mock-responses-server.js";
import { parseJsonl, runCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";

const ESC = "\x1b";
const answer = (): Step =>
  reply([{ reasoning: "**Plan** think" }, { message: "Hello." }], { input_tokens: 100, cached: 20, output_tokens: 10 });

describe.concurrent("colour", () => {
  it("--color never: no ESC byte anywhere, even with FORCE_COLOR set", async (ctx) => {
    const { ws } = await scenario(ctx, [answer()]);
    const r = await runCli(["--color", "never", "hi"], {
      cwd: ws.repo,
      codexHome: ws.codexHome,
      env: { FORCE_COLOR: "1", CLICOLOR_FORCE: "1" },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("\nworkdir: ");
    expect(r.stderr).not.toContain(ESC);
    expect(r.stdout).toBe("Hello.\n");
  });

  it("--color always: styled header, transcript and footer on stderr; plain stdout", async (ctx) => {
    const { ws } = await scenario(ctx, [answer()]);
    const r = await runCli(["--color", "always", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, env: { NO_COLOR: "1" } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${ESC}[1mworkdir:${ESC}[0m ${ws.repo}\n`);
    expect(r.stderr).toContain(`${ESC}[1mmodel:${ESC}[0m gpt-5.5\n`);
    expect(r.stderr).toContain(`\n${ESC}[36muser${ESC}[0m\nhi\n`);
    expect(r.stderr).toContain(`${ESC}[35m${ESC}[3mcodex${ESC}[0m${ESC}[0m\nHello.\n`);
    expect(r.stderr).toContain(`${ESC}[35m${ESC}[3mthinking${ESC}[0m${ESC}[0m\n${ESC}[2m**Plan** think${ESC}[0m\n`);
    expect(r.stderr).toContain(`${ESC}[2mtokens used${ESC}[0m\n90\n`);
    // Separators and the notice are plain.
    expect(r.stderr).toContain("\n--------\n");
    expect(r.stderr.startsWith("Reading additional input from stdin...\n")).toBe(true);
    expect(r.stdout).toBe("Hello.\n");
  });

  it("--color always on a failure: ERROR: is red and bold; stdout stays empty", async (ctx) => {
    const { ws } = await scenario(ctx, [failed("server_is_overloaded", "busy")]);
    const r = await runCli(["--color", "always", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${ESC}[31m${ESC}[1mERROR:${ESC}[0m${ESC}[0m `);
    expect(r.stdout).toBe("");
  });

  it("--color auto (default) on a pipe: no ANSI", async (ctx) => {
    const { ws } = await scenario(ctx, [answer()]);
    const r = await runCli(["hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("\nworkdir: ");
    expect(r.stderr).not.toContain(ESC);
    expect(r.stdout).toBe("Hello.\n");
  });

  it("--color auto with FORCE_COLOR=1: ANSI on stderr even on a pipe, never on stdout", async (ctx) => {
    const { ws } = await scenario(ctx, [answer()]);
    const r = await runCli(["--color", "auto", "hi"], { cwd: ws.repo, codexHome: ws.codexHome, env: { FORCE_COLOR: "1" } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${ESC}[1mworkdir:${ESC}[0m`);
    expect(r.stdout).toBe("Hello.\n");
  });

  it("--json with --color always: stdout is plain JSONL", async (ctx) => {
    const { ws } = await scenario(ctx, [answer()]);
    const r = await runCli(["--json", "--color", "always", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(parseJsonl(r.stdout)).toHaveLength(5);
    expect(r.stderr).toBe("Reading additional input from stdin...\n");
  });
});
