// End to end: the human transcript ends with `exit <code>: <reason>` and a line of facts, for every exit code.

import { describe, expect, it } from "vitest";
import { failed, reply, type Step } from "../support/mock-responses-server.js";
import { runCli, startCli } from "../support/run-cli.js";
import { scenario } from "../support/scenario.js";
import { responseEvents } from "../support/sse-events.js";

const usage = { input_tokens: 1000, cached: 200, output_tokens: 100 };
const hang = (): Step => ({ kind: "sse", events: responseEvents([{ message: "never finishes" }]), hangAfter: 3 });
const plan = (step: string): Step =>
  reply([{ functionCall: { name: "update_plan", arguments: { plan: [{ step, status: "in_progress" }] } } }], usage);
const finding = {
  title: "Off-by-one in loop",
  body: "The loop skips the last element.",
  confidence_score: 0.9,
  priority: 1,
  code_location: { absolute_file_path: "/x.py", line_range: { start: 1, end: 2 } },
};
const review = reply([
  {
    message: JSON.stringify({
      findings: [finding],
      overall_correctness: "patch is incorrect",
      overall_explanation: "One bug.",
      overall_confidence_score: 0.8,
    }),
  },
]);

/** The transcript's last two lines. */
function footer(stderr: string): [string, string] {
  const lines = stderr.split("\n").filter((l) => l !== "");
  return [lines.at(-2) ?? "", lines.at(-1) ?? ""];
}

const FACTS = /^files changed \d+ · commands \d+ run(, \d+ failed)? · \d+\.\ds · tokens [\d,]+( · cost \$\d+\.\d{4})?$/;

describe.concurrent("the footer", () => {
  it.for<{ code: number; steps: Step[]; args: string[]; head: string | RegExp }>([
    { code: 0, steps: [reply([{ message: "ok" }], usage)], args: ["hi"], head: "exit 0: the turn completed" },
    {
      code: 1,
      steps: [failed("server_error", "the model is down")],
      args: ["-c", "model_providers.mock.stream_max_retries=0", "hi"],
      head: /^exit 1: the turn failed \(\w+\): .*the model is down/,
    },
    { code: 3, steps: [plan("a"), plan("b"), plan("c")], args: ["--max-turns", "2", "go"], head: "exit 3: stopped after 2 model requests (--max-turns 2)" },
    {
      code: 4,
      steps: [reply([{ functionCall: { name: "exec_command", arguments: { cmd: "exit 1" } } }]), reply([{ message: "tried" }])],
      args: ["--fail-on-tool-error", "--yolo", "go"],
      head: "exit 4: a command or patch failed (--fail-on-tool-error)",
    },
    { code: 5, steps: [review], args: ["--fail-on-findings", "P1", "review", "look"], head: "exit 5: the review has findings at P1 or above" },
    { code: 124, steps: [hang()], args: ["--timeout", "1s", "hi"], head: "exit 124: the run timed out after 1s" },
  ])("exit $code", async ({ code, steps, args, head }, ctx) => {
    const { ws } = await scenario(ctx, steps, { providerExtra: "stream_idle_timeout_ms = 60000" });
    const r = await runCli(["--color", "never", ...args], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(code);
    const [first, second] = footer(r.stderr);
    if (typeof head === "string") expect(first).toBe(head);
    else expect(first).toMatch(head);
    expect(second).toMatch(FACTS);
  });

  it("exit 130: interrupted by SIGINT", async (ctx) => {
    const { ws } = await scenario(ctx, [hang()]);
    const run = startCli(["--color", "never", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    await run.waitFor("\nuser\nhi\n");
    run.child.kill("SIGINT");
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(footer(r.stderr)[0]).toBe("exit 130: interrupted by SIGINT");
    expect(footer(r.stderr)[1]).toMatch(FACTS);
  });

  it("counts files, commands and tokens as the run did, with cost when the model is priced", async (ctx) => {
    const { ws } = await scenario(
      ctx,
      [
        reply([{ functionCall: { name: "exec_command", arguments: { cmd: "exit 2" } } }], usage),
        reply([{ customToolCall: { name: "apply_patch", input: "*** Begin Patch\n*** Add File: new.txt\n+hi\n*** End Patch" } }], usage),
        reply([{ message: "done" }], usage),
      ],
      { config: (url) => `model = "gpt-5.5"\nmodel_provider = "mock"\n[model_providers.mock]\nbase_url = "${url}"\n[model_prices."gpt-5.5"]\ninput = 2\ncached_input = 0.5\noutput = 10\n` },
    );
    const r = await runCli(["--color", "never", "--yolo", "go"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    // 3 × (1000 − 200 + 100) tokens, as `tokens used` counts them; (2400×2 + 600×0.5 + 300×10) / 1e6 dollars.
    expect(footer(r.stderr)[1]).toMatch(/^files changed 1 · commands 1 run, 1 failed · \d+\.\ds · tokens 2,700 · cost \$0\.0081$/);
    expect(r.stderr).toContain("tokens used\n2,700\n");
  });

  it("--json has no footer: stderr stays empty of it and stdout is only JSONL", async (ctx) => {
    const { ws } = await scenario(ctx, [reply([{ message: "ok" }])]);
    const r = await runCli(["--json", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("exit 0");
  });

  it("a bad input keeps its one-line error: no footer before the run started", async (ctx) => {
    const { ws } = await scenario(ctx, [], { git: false });
    const r = await runCli(["--no-stdin", "hi"], { cwd: ws.repo, codexHome: ws.codexHome });
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n").filter((l) => l !== "")).toEqual([
      "Not inside a trusted directory and --skip-git-repo-check was not specified.",
    ]);
  });
});
