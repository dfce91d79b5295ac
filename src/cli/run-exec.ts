// One exec run, start to finish: config, prompt, checks, session, events to renderers, -o, exit code.

import { StartupError } from "../errors.js";
import type { ReviewOutput, ReviewRequest, RunStatus } from "../protocol/index.js";
import type { EventProcessor, RenderOutput } from "../render/event-processor.js";
import { HumanEventProcessor } from "../render/human-processor.js";
import { JsonlEventProcessor } from "../render/jsonl-processor.js";
import { ansiStyle, plainStyle } from "../render/style.js";
import type { ReviewTargetArg } from "../engine/engine-args.js";
import { checkWorkspace } from "../engine/git-check.js";
import { checkInputSize } from "../engine/input-limit.js";
import { PROXY_VARIABLES } from "../model/transport/proxy-env.js";
import { loadOutputSchema } from "../engine/output-schema.js";
import { prepareRun } from "../engine/prepare-run.js";
import { buildReviewRequest } from "../engine/review-request.js";
import { runEngine, type RunOp, type RunOutcome } from "../engine/run-engine.js";
import { loadImages } from "../engine/start-session.js";
import { VERSION } from "../engine/version.js";
import { useColor } from "./color.js";
import { prepareLastMessageFile, writeLastMessageFile } from "./last-message-file.js";
import { COLLECT_EVERY_PAYLOAD_CHARS, fullGc, MemoryPacer } from "./memory-pacer.js";
import type { ExecArgs } from "./parse-args.js";
import { resolvePrompt } from "./resolve-prompt.js";
import type { RunReport } from "../engine/run-report.js";
import { exitCodeOf } from "./exit-codes.js";
import { stopError, type StopReason } from "./stop-reason.js";

/** The process surface a run uses; main.ts builds it from `process`. */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdinIsTty: boolean;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  readStdin: () => Promise<Uint8Array>;
  writeStdout: (text: string) => void;
  /** Resolves once stdout and stderr can take more; events wait for it, so a slow reader holds the run back instead of filling memory. */
  drained?: () => Promise<void>;
  writeStderr: (text: string) => void;
  platform: NodeJS.Platform;
  /** Sets a variable of the process environment (the CLI's own; tests may leave it out). */
  setEnv?: (name: string, value: string) => void;
  /** Calls `handler` on SIGINT/SIGTERM/SIGHUP or when stdout's reader is gone; returns a function that removes it. */
  onSignal: (handler: (reason: StopReason) => void) => () => void;
}

export { VERSION };

const PROXY_VARIABLE_NAMES: ReadonlySet<string> = new Set([...PROXY_VARIABLES, "no_proxy"]);

/** Run one exec invocation: the engine (engine/) does the work; this renders it and decides the exit code. */
export async function runExec(args: ExecArgs, io: CliIo, report: RunReport): Promise<RunResult> {
  const prepared = await prepareRun(args, { env: io.env, cwd: io.cwd, platform: io.platform });
  // codex puts `$CODEX_HOME/.env` into its process environment; the proxy library reads only that one, so
  // proxy settings from `.env` go there too (commands still get their environment from the engine's view).
  for (const name of prepared.dotenvKeys) {
    if (PROXY_VARIABLE_NAMES.has(name.toLowerCase())) io.setEnv?.(name, prepared.env[name] ?? "");
  }
  const { cwd, config, logger } = prepared;
  if (args.maxCostUsd !== undefined && config.price === null) {
    // Without a price the cost is unknown, and the limit would silently never apply.
    throw new StartupError(
      "budget_unpriced",
      `Error: --max-cost-usd needs the price of model \`${config.model}\`: add [model_prices."${config.model}"] with input, cached_input and output (USD per million tokens) to config.toml`,
    );
  }
  const renderer: EventProcessor = args.json
    ? new JsonlEventProcessor()
    : new HumanEventProcessor({
        style: useColor(args.color, io.stderrIsTty, io.env) ? ansiStyle : plainStyle,
        version: VERSION,
        hideReasoning: config.hideAgentReasoning,
      });
  const write = (out: RenderOutput): void => {
    if (out.stderr) io.writeStderr(out.stderr);
    if (out.stdout) io.writeStdout(out.stdout);
  };

  // A fork without a prompt only copies the thread: nothing is read and no turn runs.
  const promptless = args.command.kind === "fork" && args.prompt === undefined;
  if (promptless) checkPromptlessFork(args);
  const review = args.command.kind === "review" ? await reviewOf(args.command.target, args.prompt, io, cwd) : null;
  const prompt = review
    ? review.userFacingHint
    : promptless
      ? ""
      : await resolvePrompt({
          arg: args.prompt,
          appendStdin: args.command.kind === "exec",
          // `--no-stdin` behaves like a terminal on stdin: never read.
          stdinIsTty: io.stdinIsTty || args.noStdin,
          readStdin: io.readStdin,
          notice: (line) => io.writeStderr(`${line}\n`),
        });
  checkInputSize(prompt);
  const outputSchema =
    args.outputSchema !== undefined && args.command.kind !== "review" ? await loadOutputSchema(args.outputSchema) : null;
  for (const change of outputSchema?.changes ?? []) io.writeStderr(`note: output schema made strict: ${change}\n`);
  // Here, in codex's order of errors: after the prompt and the output schema, before `-o`.
  checkWorkspace(args, cwd);
  if (args.outputLastMessage !== undefined) prepareLastMessageFile(args.outputLastMessage);
  const images = await loadImages(args.images, cwd);

  const pacer = new MemoryPacer();
  const payloadPacer = new MemoryPacer(COLLECT_EVERY_PAYLOAD_CHARS, fullGc);
  const op: RunOp = promptless
    ? null
    : review
      ? { type: "review", request: review }
      : {
          type: "user_turn",
          items: [...images, { type: "text", text: prompt }],
          ...(outputSchema ? { overrides: { finalOutputJsonSchema: outputSchema.strict, checkFinalOutput: outputSchema.check } } : {}),
        };
  const run = runEngine(prepared, args, op, {
    report,
    onRequest: () => undefined,
    onToolOutputBytes: (bytes) => pacer.note(bytes),
    onLargeModelPayloads: (chars) => payloadPacer.note(chars),
    writeStderr: io.writeStderr,
  });
  // Signals are ours from here on. During start-up (MCP servers may take seconds) one cancels it, and
  // the run still ends through the engine's shutdown, so no server is left running; later, it interrupts the turn.
  let interruptedBy: StopReason | null = null;
  const removeSignals = io.onSignal((signal) => {
    interruptedBy ??= signal;
    run.stop();
  });
  let outcome: RunOutcome;
  try {
    const events = run.events;
    for (;;) {
      const next = await events.next();
      if (next.done === true) {
        outcome = next.value;
        break;
      }
      const event = next.value;
      if (event.type === "run_started") {
        if (interruptedBy === null) write(renderer.start(event.configured, prompt));
        continue;
      }
      write(renderer.process(event.msg));
      if (event.msg.type === "shutdown_complete") logger.debug("session shut down");
      // A slow reader of our output holds the run back instead of filling memory.
      if (io.drained) await io.drained();
    }
  } finally {
    removeSignals();
  }
  // Stopped while the session was starting: no turn ran, nothing of it to show.
  if (op !== null && !outcome.submitted) return runResult("interrupted", interruptedBy, report, args);
  if (op === null) return { exitCode: exitCodeOf({ kind: "completed" }), status: "completed" };
  const status = interruptedBy && outcome.status !== "completed" ? "interrupted" : outcome.status;
  // As codex orders the end: `-o` first, then `tokens used` and the final message. A file that cannot
  // be written fails the run, but only after the answer has reached stdout.
  let outputFileError: unknown = null;
  if (status === "completed" && args.outputLastMessage !== undefined) {
    try {
      writeLastMessageFile(args.outputLastMessage, outcome.finalMessage ?? "");
      if (outcome.finalMessage === null) {
        io.writeStderr(`Warning: no last agent message; wrote empty content to ${args.outputLastMessage}\n`);
      }
    } catch (err) {
      outputFileError = err;
    }
  }
  write(
    renderer.finish({
      status,
      finalMessage: outcome.finalMessage,
      usage: outcome.usage,
      stdoutIsTty: io.stdoutIsTty,
      stderrIsTty: io.stderrIsTty,
    }),
  );
  if (outputFileError !== null) throw outputFileError;
  const result = runResult(status, interruptedBy, report, args);
  if (report.error?.code === "review_unparsed") io.writeStderr(`Error: ${report.error.message}\n`);
  return result;
}

/** How a run ended, for the exit code and the summary record. */
export interface RunResult {
  exitCode: number;
  status: RunStatus;
}

/** How the run ended: its status for the summary, its exit code from the one table (exit-codes.ts). */
function runResult(
  status: "completed" | "failed" | "interrupted",
  interruptedBy: StopReason | null,
  report: RunReport,
  args: ExecArgs,
): RunResult {
  if (status === "interrupted") {
    const reason = interruptedBy ?? "SIGINT";
    report.error = stopError(reason);
    return { exitCode: exitCodeOf({ kind: "stopped", by: reason }), status: "interrupted" };
  }
  if (status === "failed") {
    const code = report.error?.code;
    const exitCode = exitCodeOf({ kind: "turn_failed", code: code ?? "internal" });
    return { exitCode, status: code === "budget" ? "budget" : code === "timeout" || code === "idle" ? "timeout" : "failed" };
  }
  if (args.failOnToolError && report.toolFailed) {
    report.error = { code: "tool_error", message: "a command or patch failed (--fail-on-tool-error)" };
    return { exitCode: exitCodeOf({ kind: "gate", gate: "tool_error" }), status: "completed" };
  }
  if (args.failOnFindings !== undefined && args.command.kind === "review" && report.review === null) {
    // A gate that cannot read the findings fails closed: a broken review must not pass CI.
    report.error = {
      code: "review_unparsed",
      message: "the review answer was not review JSON, so --fail-on-findings cannot tell whether it has findings",
    };
    return { exitCode: exitCodeOf({ kind: "turn_failed", code: "review_unparsed" }), status: "failed" };
  }
  if (args.failOnFindings !== undefined && hasFindingAtOrAbove(report.review, args.failOnFindings)) {
    report.error = { code: "review_findings", message: `the review has findings at P${args.failOnFindings} or above` };
    return { exitCode: exitCodeOf({ kind: "gate", gate: "review_findings" }), status: "completed" };
  }
  return { exitCode: exitCodeOf({ kind: "completed" }), status: "completed" };
}

/** A fork without a prompt cannot honour options that need a turn. */
function checkPromptlessFork(args: ExecArgs): void {
  const fail = (what: string): never => {
    throw new StartupError("prompt_missing", `Error: ${what}`);
  };
  if (args.images.length > 0) fail("Forking with images requires a prompt");
  if (args.outputLastMessage !== undefined || args.outputSchema !== undefined) fail("Forking with output options requires a prompt");
  if (args.ephemeral) fail("Ephemeral forks require a prompt");
}

/** The review request: custom instructions come from the argument, or stdin with `-`; never appended. */
async function reviewOf(target: ReviewTargetArg, arg: string | undefined, io: CliIo, cwd: string): Promise<ReviewRequest> {
  const text =
    arg === "-"
      ? await resolvePrompt({ arg, appendStdin: false, stdinIsTty: io.stdinIsTty, readStdin: io.readStdin, notice: () => undefined })
      : (arg ?? null);
  return buildReviewRequest(target, text, cwd);
}

/** Whether a finding has priority `threshold` or more urgent (P0 is the most urgent). */
function hasFindingAtOrAbove(review: ReviewOutput | null, threshold: number): boolean {
  return review?.findings.some((f) => f.priority <= threshold) ?? false;
}

