// The default renderer: header and transcript on stderr, only the final answer on stdout.

import { describe, expect, it } from "vitest";
import { groupDigits, type EventMsg } from "../../../src/protocol/index.js";
import type { RenderOutput, RunEnd } from "../../../src/render/event-processor.js";
import { HumanEventProcessor } from "../../../src/render/human-processor.js";
import { ansiStyle, plainStyle, type Style } from "../../../src/render/style.js";
import { configured, ev, usage } from "./fixtures.js";

const make = (style: Style = plainStyle): HumanEventProcessor =>
  new HumanEventProcessor({ style, version: "0.1.0" });

const end = (over: Partial<RunEnd> = {}): RunEnd => ({
  status: "completed",
  finalMessage: "Done.",
  usage: null,
  stdoutIsTty: false,
  stderrIsTty: false,
  ...over,
});

function stderrOf(p: HumanEventProcessor, events: EventMsg[]): string {
  return events
    .map((e) => {
      const out = p.process(e);
      expect(out.stdout).toBe("");
      return out.stderr;
    })
    .join("");
}

/** The header and the `user` block, which is written once the turn's first event arrives. */
function opening(p: HumanEventProcessor, c: ReturnType<typeof configured>, prompt: string, events: EventMsg[] = []): RenderOutput {
  const outs = [p.start(c, prompt), ...[...events, TASK_STARTED].map((e) => p.process(e))];
  return { stdout: outs.map((o) => o.stdout).join(""), stderr: outs.map((o) => o.stderr).join("") };
}

const TASK_STARTED: EventMsg = { type: "task_started", turn_id: "1" };

describe("HumanEventProcessor header", () => {
  it("codex's layout, plain", () => {
    const out = opening(make(), configured(), "create hello.txt");
    expect(out.stdout).toBe("");
    expect(out.stderr).toMatchInlineSnapshot(`
      "codex-exec v0.1.0
      --------
      workdir: /home/me/proj
      model: gpt-5.5
      provider: mock
      approval: never
      sandbox: read-only
      reasoning effort: none
      reasoning summaries: none
      session id: 01a1fe74-4539-7ec0-b97f-c4e26de07916
      --------
      user
      create hello.txt
      "
    `);
  });

  it("shows configured reasoning values", () => {
    const out = make().start(configured({ reasoning_effort: "high", reasoning_summary: "detailed" }), "p");
    expect(out.stderr).toContain("reasoning effort: high\nreasoning summaries: detailed\n");
  });

  it("omits reasoning lines when the provider is not on the Responses wire", () => {
    const out = make().start(configured({ responses_wire: false }), "p");
    expect(out.stderr).not.toContain("reasoning");
    expect(out.stderr).toContain("sandbox: read-only\nsession id: ");
  });

  it("the prompt (with a <stdin> block) is shown verbatim after `user`", () => {
    const prompt = "Summarize\n\n<stdin>\nmy output\n</stdin>";
    expect(opening(make(), configured(), prompt).stderr.endsWith(`--------\nuser\n${prompt}\n`)).toBe(true);
  });

  it("startup warnings come before the prompt, not inside the transcript", () => {
    const warning: EventMsg = { type: "warning", message: "ignoring unknown configuration field `modle` in config.toml" };
    const out = opening(make(), configured(), "p", [warning]).stderr;
    expect(out.endsWith("--------\nwarning: ignoring unknown configuration field `modle` in config.toml\nuser\np\n")).toBe(true);
  });

  it("a run that ends before its turn starts still shows the prompt", () => {
    const p = make();
    p.start(configured(), "p");
    expect(p.finish({ status: "failed", finalMessage: null, usage: null, stdoutIsTty: false, stderrIsTty: false }).stderr).toBe("user\np\n");
  });

  it("ANSI: bold keys, cyan `user`, plain separators and values", () => {
    const out = opening(make(ansiStyle), configured({ sandbox_summary: "workspace-write [workdir, /tmp, $TMPDIR]" }), "p");
    const lines = out.stderr.split("\n");
    expect(lines.slice(0, 3)).toEqual(["codex-exec v0.1.0", "--------", "\x1b[1mworkdir:\x1b[0m /home/me/proj"]);
    expect(lines).toContain("\x1b[1msandbox:\x1b[0m workspace-write [workdir, /tmp, $TMPDIR]");
    expect(lines).toContain("\x1b[36muser\x1b[0m");
  });
});

describe("HumanEventProcessor events", () => {
  it.each<{ name: string; msg: EventMsg; plain: string; ansi: string }>([
    {
      name: "agent message",
      msg: ev.message("Done. Created hello.txt."),
      plain: "codex\nDone. Created hello.txt.\n",
      ansi: "\x1b[35m\x1b[3mcodex\x1b[0m\x1b[0m\nDone. Created hello.txt.\n",
    },
    {
      name: "reasoning: a `thinking` label, then the text dimmed",
      msg: ev.reasoning("**Planning** I will run a command."),
      plain: "thinking\n**Planning** I will run a command.\n",
      ansi: "\x1b[35m\x1b[3mthinking\x1b[0m\x1b[0m\n\x1b[2m**Planning** I will run a command.\x1b[0m\n",
    },
    { name: "blank reasoning", msg: ev.reasoning("  \n"), plain: "", ansi: "" },
    {
      name: "stream error",
      msg: ev.streamError("Reconnecting... 2/5", "stream closed"),
      plain: "ERROR: Reconnecting... 2/5 (stream closed)\n",
      ansi: "\x1b[31m\x1b[1mERROR:\x1b[0m\x1b[0m Reconnecting... 2/5 (stream closed)\n",
    },
    {
      name: "fatal error",
      msg: ev.error("rate limit exceeded: synthetic server error", "rate_limit"),
      plain: "ERROR: rate limit exceeded: synthetic server error\n",
      ansi: "\x1b[31m\x1b[1mERROR:\x1b[0m\x1b[0m rate limit exceeded: synthetic server error\n",
    },
    {
      name: "warning",
      msg: ev.warning("careful"),
      plain: "warning: careful\n",
      ansi: "\x1b[33m\x1b[1mwarning:\x1b[0m\x1b[0m careful\n",
    },
    { name: "interrupted", msg: ev.aborted(), plain: "turn interrupted\n", ansi: "\x1b[2mturn interrupted\x1b[0m\n" },
    { name: "task started", msg: ev.started(), plain: "", ansi: "" },
    { name: "token count", msg: ev.tokens(usage(1, 0, 1)), plain: "", ansi: "" },
    { name: "task complete", msg: ev.completed("x"), plain: "", ansi: "" },
    { name: "shutdown", msg: ev.shutdown(), plain: "", ansi: "" },
  ])("$name", ({ msg, plain, ansi }) => {
    expect(stderrOf(make(plainStyle), [msg])).toBe(plain);
    expect(stderrOf(make(ansiStyle), [msg])).toBe(ansi);
  });

  it("a web search prints a line as it starts (query not yet known) and one with the query, as codex does", () => {
    const events: EventMsg[] = [
      { type: "web_search_begin", call_id: "ws_1" },
      { type: "web_search_end", call_id: "ws_1", query: "rust docs", action: { type: "search", query: "rust docs" } },
    ];
    expect(stderrOf(make(plainStyle), events)).toBe("web search: \nweb search: rust docs\n");
  });

  it("a patch lists each file by the path it names; a move shows its source, as codex does", () => {
    const changes = [
      { path: "/w/a.txt", kind: "update" as const },
      { path: "/w/old.txt", kind: "update" as const, move_path: "/w/new.txt" },
    ];
    const msgs: EventMsg[] = [
      { type: "patch_apply_begin", call_id: "p1", changes },
      { type: "patch_apply_end", call_id: "p1", changes, status: "completed", stdout: "", stderr: "" },
    ];
    expect(stderrOf(make(plainStyle), msgs)).toBe("apply patch\npatch: completed\n/w/a.txt\n/w/old.txt\n");
  });

  it("hide_agent_reasoning leaves reasoning out, and nothing else", () => {
    const hiding = new HumanEventProcessor({ style: plainStyle, version: "0.1.0", hideReasoning: true });
    expect(stderrOf(hiding, [ev.reasoning("**Planning** secret"), ev.message("Done.")])).toBe("codex\nDone.\n");
  });
});

describe("HumanEventProcessor long work", () => {
  it("a reasoning summary under NO_COLOR cannot pass for the prompt: it is labelled", () => {
    const p = make();
    const out = opening(p, configured(), "fix the build").stderr + stderrOf(p, [ev.reasoning("fix the build first")]);
    expect(out.endsWith("user\nfix the build\nthinking\nfix the build first\n")).toBe(true);
  });

  it("a heartbeat right after its command's block: elapsed time and the last line, indented", () => {
    const out = stderrOf(make(), [
      ev.execBegin("c1", "cargo build"),
      ev.execProgress("c1", 10_400, "Compiling foo v1.2"),
      ev.execProgress("c1", 70_000, null),
      ev.execEnd("c1", "cargo build", "Compiling foo v1.2\n"),
    ]);
    expect(out).toBe(
      "exec\ncargo build in /home/me/proj\n  … still running (10s): Compiling foo v1.2\n  … still running (1m 10s)\n succeeded in 12ms:\nCompiling foo v1.2\n\n",
    );
  });

  it("a heartbeat after other output names its command (a background command, parallel calls)", () => {
    const out = stderrOf(make(), [
      ev.execBegin("c1", "npm test --\n  --watch=false"),
      ev.execBegin("c2", "ls"),
      ev.execProgress("c1", 40_000, "PASS a.test.ts"),
      ev.execProgress("c1", 70_000, "PASS b.test.ts"),
      ev.message("still waiting"),
      ev.execProgress("c1", 3_725_000, null),
    ]);
    expect(out.split("\n").filter((l) => l.startsWith("  …"))).toEqual([
      "  … npm test -- --watch=false still running (40s): PASS a.test.ts",
      "  … still running (1m 10s): PASS b.test.ts",
      "  … npm test -- --watch=false still running (1h 02m)",
    ]);
  });

  it("a heartbeat is dimmed with ANSI", () => {
    const out = stderrOf(make(ansiStyle), [ev.execProgress("c1", 20_000, "x")]);
    expect(out).toBe("\x1b[2m  … still running (20s): x\x1b[0m\n");
  });

  it("`seq 1 500`: the first 10 and the last 10 lines around a marker", () => {
    const output = `${Array.from({ length: 500 }, (_, i) => String(i + 1)).join("\n")}\n`;
    const out = stderrOf(make(), [ev.execEnd("c1", "seq 1 500", output)]);
    const lines = out.split("\n");
    expect(lines).toEqual([
      " succeeded in 12ms:",
      ..."1 2 3 4 5 6 7 8 9 10".split(" "),
      "… 480 lines omitted …",
      ..."491 492 493 494 495 496 497 498 499 500".split(" "),
      "",
      "",
    ]);
    expect(stderrOf(make(ansiStyle), [ev.execEnd("c1", "seq 1 500", output)])).toContain("\n10\n\x1b[2m… 480 lines omitted …\x1b[0m\n491\n");
  });

  it("25 lines show whole; 26 are cut to 10 + marker + 10", () => {
    const lines = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n");
    expect(stderrOf(make(), [ev.execEnd("c1", "x", lines(25))])).toBe(` succeeded in 12ms:\n${lines(25)}\n`);
    const cut = stderrOf(make(), [ev.execEnd("c1", "x", lines(26))]).split("\n");
    expect(cut.slice(10, 13)).toEqual(["line 10", "… 6 lines omitted …", "line 17"]);
    expect(cut.at(-2)).toBe("line 26");
  });

  it("a very long line is cut at 500 characters, saying how much went", () => {
    const out = stderrOf(make(), [ev.execEnd("c1", "x", `${"a".repeat(1200)}\nok\n`, 2)]);
    expect(out).toBe(` exited 2 in 12ms:\n${"a".repeat(500)}… (700 chars omitted)\nok\n\n`);
  });

  const DIFF = [
    "diff --git a/a.txt b/a.txt",
    "index 1111111..2222222 100644",
    "--- a/a.txt",
    "+++ b/a.txt",
    "@@ -1,3 +1,3 @@",
    " one",
    "--- two",
    "+TWO",
    "",
  ].join("\n");

  it("a diff in colour: headers bold, @@ cyan, + green, - red (a removed `-- two` line too), context plain", () => {
    expect(stderrOf(make(ansiStyle), [ev.diff(DIFF)]).split("\n")).toEqual([
      "\x1b[1mdiff --git a/a.txt b/a.txt\x1b[0m",
      "\x1b[1mindex 1111111..2222222 100644\x1b[0m",
      "\x1b[1m--- a/a.txt\x1b[0m",
      "\x1b[1m+++ b/a.txt\x1b[0m",
      "\x1b[36m@@ -1,3 +1,3 @@\x1b[0m",
      " one",
      "\x1b[31m--- two\x1b[0m",
      "\x1b[32m+TWO\x1b[0m",
      "",
      "",
    ]);
  });

  it("a diff in plain mode is unchanged", () => {
    expect(stderrOf(make(plainStyle), [ev.diff(DIFF)])).toBe(`${DIFF}\n`);
  });
});

describe("HumanEventProcessor finish", () => {
  it.each([
    { name: "no cache", u: usage(400, 0, 90), want: "490" },
    { name: "cached input is subtracted", u: usage(600, 170, 60), want: "490" },
    { name: "en-US grouping", u: usage(12_000, 0, 345), want: "12,345" },
    { name: "millions", u: usage(1_500_000, 250_000, 1), want: "1,250,001" },
    { name: "cached larger than input clamps to 0", u: usage(10, 50, 7), want: "7" },
    { name: "zeros", u: usage(0, 0, 0), want: "0" },
  ])("tokens used: $name", ({ u, want }) => {
    const out = make().finish(end({ usage: u, finalMessage: null }));
    expect(out).toEqual({ stdout: "", stderr: `tokens used\n${want}\n` });
  });

  it("groups digits as en-US toLocaleString does", () => {
    for (const n of [0, 7, 999, 1000, 65_536, 999_999, 1_000_000, 123_456_789, 9_007_199_254_740_991, -1234, 1234.5]) {
      expect(groupDigits(n)).toBe(n.toLocaleString("en-US", { maximumFractionDigits: 20 }));
    }
  });

  it("tokens used label is dimmed with ANSI", () => {
    expect(make(ansiStyle).finish(end({ usage: usage(1, 0, 1), finalMessage: null })).stderr).toBe(
      "\x1b[2mtokens used\x1b[0m\n2\n",
    );
  });

  it("no usage → no tokens line", () => {
    expect(make().finish(end({ finalMessage: null }))).toEqual({ stdout: "", stderr: "" });
  });

  it.each([
    { stdoutIsTty: false, stderrIsTty: false, stdout: "Done.\n" },
    { stdoutIsTty: true, stderrIsTty: false, stdout: "Done.\n" },
    { stdoutIsTty: false, stderrIsTty: true, stdout: "Done.\n" },
    { stdoutIsTty: true, stderrIsTty: true, stdout: "" },
  ])("final message on stdout: stdout tty=$stdoutIsTty stderr tty=$stderrIsTty", ({ stdoutIsTty, stderrIsTty, stdout }) => {
    const p = make();
    p.process(ev.message("Done."));
    const out = p.finish(end({ stdoutIsTty, stderrIsTty }));
    expect(out.stdout).toBe(stdout);
    expect(out.stderr).toBe("");
  });

  it("both TTYs and the message was never shown → a `codex` block on stderr", () => {
    const out = make().finish(end({ stdoutIsTty: true, stderrIsTty: true, usage: usage(5, 0, 5) }));
    expect(out).toEqual({ stdout: "", stderr: "tokens used\n10\ncodex\nDone.\n" });
  });

  it.each(["failed", "interrupted"] as const)("a %s run prints no final message", (status) => {
    const out = make().finish(end({ status, usage: usage(5, 0, 5) }));
    expect(out).toEqual({ stdout: "", stderr: "tokens used\n10\n" });
  });

  it("completed without a final message prints nothing on stdout", () => {
    expect(make().finish(end({ finalMessage: null })).stdout).toBe("");
  });

  it("a whole run, stdout piped", () => {
    const p = make();
    const header = p.start(configured(), "say hello").stderr;
    const body = stderrOf(p, [
      ev.started(),
      ev.reasoning("thinking"),
      ev.message("Hello there."),
      ev.tokens(usage(100, 20, 10)),
      ev.completed("Hello there."),
      ev.shutdown(),
    ]);
    const fin = p.finish(end({ finalMessage: "Hello there.", usage: usage(100, 20, 10) }));
    expect(fin.stdout).toBe("Hello there.\n");
    expect((header + body + fin.stderr).split("\n").slice(11)).toEqual([
      "user",
      "say hello",
      "thinking",
      "thinking",
      "codex",
      "Hello there.",
      "tokens used",
      "90",
      "",
    ]);
  });
});
