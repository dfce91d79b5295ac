// `npm run bench`: the issue-13 scenarios against codex-exec (and `$CODEX_BIN` side by side), as one table.
//
// Options: --quick (fewer repetitions), --only <scenario,…> (startup, plain, stream, big, resume, concurrent),
// --json-out <file> (raw samples, for before/after comparisons).

import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import { MEASURE_METHOD, oursTarget, referenceTarget, type Target } from "./harness.js";
import {
  bigToolOutput,
  concurrentRuns,
  nodeFloor,
  plainRun,
  Recorder,
  resumeLarge,
  startup,
  streaming,
  type BenchContext,
} from "./scenarios.js";
import { renderProblems, renderTable, type Row } from "./table.js";

type RowDef = Omit<Row, "samples" | "problems">;

const ROWS: RowDef[] = [
  { scenario: "node -e 0 (floor)", metric: "wall", unit: "ms", target: "", limit: null },
  { scenario: "startup", metric: "spawn → first request", unit: "ms", target: "≤ 150", limit: 150 },
  { scenario: "plain one-message run", metric: "wall", unit: "ms", target: "≤ 250", limit: 250 },
  { scenario: "plain one-message run", metric: "peak RSS", unit: "MB", target: "≤ 60", limit: 60 },
  { scenario: "plain one-message run", metric: "CPU", unit: "ms", target: "", limit: null },
  { scenario: "100k deltas, --json", metric: "CPU", unit: "ms", target: "≤ 1000", limit: 1000 },
  { scenario: "100k deltas, --json", metric: "RSS growth", unit: "MB", target: "≤ 10", limit: 10 },
  { scenario: "100k deltas, --json", metric: "peak RSS", unit: "MB", target: "", limit: null },
  { scenario: "100k deltas, --json", metric: "wall", unit: "ms", target: "", limit: null },
  { scenario: "100k deltas, human", metric: "CPU", unit: "ms", target: "≤ 1000", limit: 1000 },
  { scenario: "100k deltas, human", metric: "RSS growth", unit: "MB", target: "≤ 10", limit: 10 },
  { scenario: "100k deltas, human", metric: "peak RSS", unit: "MB", target: "", limit: null },
  { scenario: "100k deltas, human", metric: "wall", unit: "ms", target: "", limit: null },
  { scenario: "tool prints 1 GB", metric: "wall", unit: "ms", target: "completes", limit: null },
  { scenario: "tool prints 1 GB", metric: "CPU", unit: "ms", target: "", limit: null },
  { scenario: "tool prints 1 GB", metric: "RSS growth", unit: "MB", target: "≤ 20", limit: 20 },
  { scenario: "tool prints 1 GB", metric: "peak RSS", unit: "MB", target: "", limit: null },
  { scenario: "tool prints 1 GB", metric: "output sent to model", unit: "KiB", target: "truncated", limit: null },
  { scenario: "resume 10k-item rollout", metric: "spawn → first request", unit: "ms", target: "≤ 300", limit: 300 },
  { scenario: "resume 10k-item rollout", metric: "peak RSS", unit: "MB", target: "", limit: null },
  { scenario: "20 concurrent runs", metric: "batch wall", unit: "ms", target: "all valid", limit: null },
  { scenario: "20 concurrent runs", metric: "slowest run", unit: "ms", target: "", limit: null },
  { scenario: "20 concurrent runs", metric: "completed", unit: "of 20", target: "20", limit: null },
];

const SCENARIOS = ["startup", "plain", "stream", "big", "resume", "concurrent"] as const;

/** Run the bench; `root` is the repository (the compiled bench runs from a temporary directory). */
export async function main(argv: readonly string[], root: string): Promise<number> {
  const quick = argv.includes("--quick");
  const onlyArg = valueOf(argv, "--only");
  const only = new Set(onlyArg ? onlyArg.split(",") : SCENARIOS);
  for (const s of only) {
    if (!(SCENARIOS as readonly string[]).includes(s)) {
      process.stderr.write(`bench: unknown scenario '${s}' (known: ${SCENARIOS.join(", ")})\n`);
      return 2;
    }
  }
  const jsonOut = valueOf(argv, "--json-out");
  const ref = referenceTarget(process.env);
  const ours = oursTarget(root);
  const targets: Target[] = ref ? [ours, ref] : [ours];
  const rec = new Recorder(ROWS);
  const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
  const ctx: BenchContext = { rec, reps: (n) => (quick ? Math.max(1, Math.ceil(n / 3)) : n), baselineRss: {}, log };
  // "On 2 cores": pin the concurrent batch to two CPUs when the machine has more.
  const wrapper = os.availableParallelism() > 2 && existsSync("/usr/bin/taskset") ? ["/usr/bin/taskset", "-c", "0,1"] : [];

  const started = Date.now();
  log(`node ${process.version}, ${os.availableParallelism()} CPUs, ${os.cpus()[0]?.model ?? "unknown CPU"}; RSS/CPU via ${MEASURE_METHOD}`);
  log(ref ? `reference: ${ref.command.join(" ")}` : "CODEX_BIN not set: codex-exec only");
  await nodeFloor(ctx);
  // Scenario by scenario, each target in turn: side-by-side numbers see the same machine load.
  const step = async (name: (typeof SCENARIOS)[number], fn: (t: Target) => Promise<void>): Promise<void> => {
    for (const t of targets) {
      const t0 = Date.now();
      log(`${t.name}: ${name}…`);
      await fn(t);
      log(`${t.name}: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  };
  if (only.has("startup")) await step("startup", (t) => startup(t, ctx));
  // The plain run's peak RSS is the base the growth rows subtract, so it runs whenever they do.
  if (only.has("plain") || only.has("stream") || only.has("big")) await step("plain", (t) => plainRun(t, ctx));
  if (only.has("stream")) {
    await step("stream", async (t) => {
      await streaming(t, ctx, "json");
      await streaming(t, ctx, "human");
    });
  }
  if (only.has("big")) await step("big", (t) => bigToolOutput(t, ctx));
  if (only.has("resume")) await step("resume", (t) => resumeLarge(t, ctx));
  if (only.has("concurrent")) await step("concurrent", (t) => concurrentRuns(t, ctx, wrapper));

  const rows = rec.rows.filter((r) => Object.keys(r.samples).length > 0 || Object.keys(r.problems).length > 0);
  process.stdout.write(`\n${renderTable(rows, targets.map((t) => t.name))}\n`);
  process.stdout.write(
    `\nmin / median / max over the repetitions; ${ref ? `ratio = codex-exec median ÷ ${ref.name} median; ` : ""}ok compares the codex-exec median with the target.\n`,
  );
  process.stdout.write(`RSS growth = peak RSS minus the median peak RSS of the plain run (same binary).\n`);
  const problems = renderProblems(rows);
  if (problems.length > 0) process.stdout.write(`\nProblems:\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
  process.stdout.write(`\nbench took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (jsonOut) {
    writeFileSync(
      jsonOut,
      `${JSON.stringify({ node: process.version, cpus: os.availableParallelism(), at: new Date().toISOString(), rows }, null, 2)}\n`,
    );
  }
  return problems.length > 0 ? 1 : 0;
}

function valueOf(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}
