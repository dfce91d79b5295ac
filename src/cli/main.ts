// Process entry point: the only code that reads argv, owns stdout/stderr, signals and the exit code.

import { CodexExecError, UsageError } from "../errors.js";
import { runFooter } from "../render/run-footer.js";
import { ansiStyle, plainStyle } from "../render/style.js";
import { useColor } from "./color.js";
import { parseArgs, type ExecArgs } from "./parse-args.js";
import { runExec, VERSION, type CliIo, type RunResult } from "./run-exec.js";
import { RunReport, writeSummaryFile } from "../engine/run-report.js";
import { runTool } from "./run-tool.js";
import { StdStreams } from "./std-streams.js";
import { watchStdoutReaders } from "./stdout-reader-watch.js";
import { exitCodeOf } from "./exit-codes.js";
import { stopError, type StopReason } from "./stop-reason.js";

function processIo(args: ExecArgs, streams: StdStreams, forceExit: (reason: StopReason) => void): CliIo {
  return {
    env: process.env,
    setEnv: (name, value) => {
      process.env[name] = value;
    },
    cwd: process.cwd(),
    platform: process.platform,
    stdinIsTty: process.stdin.isTTY === true,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    readStdin: () => readStdin(args.noStdin, streams),
    writeStdout: (t) => streams.writeStdout(t),
    writeStderr: (t) => streams.writeStderr(t),
    // A failed stream never drains again: waiting on it would hang the run.
    drained: () =>
      Promise.all([
        streams.stdoutClosed ? undefined : drained(process.stdout),
        streams.stderrFailed ? undefined : drained(process.stderr),
      ]).then(() => undefined),
    onSignal: (handler) => {
      let count = 0;
      const on = (reason: StopReason) => () => {
        count += 1;
        // A second signal means "stop now": no more waiting for the turn to wind down.
        if (count > 1 && reason !== "stdout_closed") forceExit(reason);
        else handler(reason);
      };
      const handlers = SIGNALS.map((signal) => [signal, on(signal)] as const);
      for (const [signal, h] of handlers) process.on(signal, h);
      const removeStdout = streams.onStdoutClosed(on("stdout_closed"));
      return () => {
        for (const [signal, h] of handlers) process.off(signal, h);
        removeStdout();
      };
    },
  };
}

/** How often a piped stdout's reader is looked for (README "Pipes"). */
const READER_CHECK_MS = 1000;

/** The signals that stop a run (SIGPIPE is ignored by Node; a closed stdout is noticed on write instead). */
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Resolves once `stream` has flushed below its high-water mark (at once when it has not reached it).
 * Pipes are asynchronous on Linux: without this wait a slow reader would make us buffer every event.
 */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off("drain", done);
      stream.off("close", done);
      stream.off("error", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
    stream.on("error", done);
  });
}

/** Seconds of silence on an open stdin pipe before we say how to avoid the wait. */
const STDIN_HINT_MS = 5000;

/** Read stdin to EOF; if a pipe stays open and silent, explain once (and keep waiting). */
async function readStdin(disabled: boolean, streams: StdStreams): Promise<Uint8Array> {
  if (disabled) return new Uint8Array();
  const chunks: Buffer[] = [];
  const hint = setTimeout(() => {
    streams.writeStderr(
      "Still waiting for stdin to be closed. If there is nothing to pipe in, pass --no-stdin or redirect </dev/null.\n",
    );
  }, STDIN_HINT_MS);
  try {
    for await (const chunk of process.stdin) {
      clearTimeout(hint);
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    }
  } finally {
    clearTimeout(hint);
  }
  return Buffer.concat(chunks);
}

/** Map any failure to its message on stderr and its exit code. */
function report(err: unknown, streams: StdStreams): number {
  if (err instanceof CodexExecError) {
    streams.writeStderr(`${err.message}\n`);
    return exitCodeOf({ kind: "error", error: err });
  }
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  streams.writeStderr(`Error: internal error (please report): ${detail}\n`);
  return exitCodeOf({ kind: "error", error: err });
}

async function main(): Promise<void> {
  const streams = new StdStreams();
  const argv = process.argv.slice(2);
  const run = new RunReport(Date.now());
  let args: ExecArgs | null = null;
  let finished = false;

  /** The one way out once argv is read: summary file, `run.completed`, the footer, then exit. */
  const finish = (result: RunResult): void => {
    if (finished) return;
    finished = true;
    const summary = run.summary(result.status, result.exitCode, Date.now());
    const summaryFile = args?.summaryFile ?? summaryFileFromArgv(argv);
    if (summaryFile !== undefined) {
      const problem = writeSummaryFile(summaryFile, summary);
      if (problem) streams.writeStderr(`${problem}\n`);
    }
    if (args?.json && args.jsonSummary) streams.writeStdout(`${JSON.stringify({ type: "run.completed", summary })}\n`);
    // The footer closes a transcript; a run that never printed its header (bad input) keeps its one-line error.
    if (args !== null && !args.json && run.threadId !== null) {
      const style = useColor(args.color, process.stderr.isTTY === true, process.env) ? ansiStyle : plainStyle;
      streams.writeStderr(runFooter(summary, style));
    }
  };
  /** A second signal: no waiting for the turn to wind down, but the record is still written. */
  const forceExit = (reason: StopReason): void => {
    run.error = stopError(reason);
    const exitCode = exitCodeOf({ kind: "stopped", by: reason });
    finish({ exitCode, status: "interrupted" });
    process.exit(exitCode);
  };
  const crash = (err: unknown): void => {
    if (finished) return;
    const exitCode = report(err, streams);
    run.error = { code: "internal", message: firstLine(err) };
    finish({ exitCode, status: run.threadId === null ? "startup_error" : "failed" });
    process.exit(exitCode);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);

  let result: RunResult;
  try {
    const parsed = parseArgs(argv, VERSION);
    if (parsed.kind === "print") {
      streams.writeStdout(parsed.text);
      return exitAfterFlush(0, streams);
    }
    args = parsed.args;
    if (parsed.kind === "tool") {
      result = await runTool(parsed.request, parsed.args, processIo(parsed.args, streams, forceExit));
      finish(result);
      return exitAfterFlush(result.exitCode, streams);
    }
    const stopWatch = process.stdout.isTTY === true ? () => undefined : watchStdoutReaders({ intervalMs: READER_CHECK_MS, onGone: () => streams.readerGone() });
    try {
      result = await runExec(parsed.args, processIo(parsed.args, streams, forceExit), run);
    } finally {
      stopWatch();
    }
  } catch (err) {
    const exitCode = report(err, streams);
    run.error = { code: err instanceof CodexExecError ? err.code : "internal", message: firstLine(err) };
    // Once the thread exists the run is past start-up: a late failure (say, an `-o` write) failed the run.
    const status = err instanceof UsageError ? "usage_error" : run.threadId === null ? "startup_error" : "failed";
    result = { exitCode, status };
  }
  // The answer is on its way to stdout: if the reader left before taking it, nobody got the run's result.
  await streams.flush();
  if (streams.stdoutClosed && result.exitCode === 0) {
    run.error = stopError("stdout_closed");
    result = { exitCode: exitCodeOf({ kind: "stopped", by: "stdout_closed" }), status: "interrupted" };
  }
  finish(result);
  exitAfterFlush(result.exitCode, streams);
}

/** Exit once stdout and stderr have flushed, so a pipe reader gets every byte. */
function exitAfterFlush(code: number, streams: StdStreams): void {
  void streams.flush().then(() => process.exit(code));
}

/** When the command line itself is unusable, `--summary-file` is still honoured if it can be found. */
function summaryFileFromArgv(argv: readonly string[]): string | undefined {
  for (const [i, a] of argv.entries()) {
    if (a === "--summary-file") return argv[i + 1];
    if (a.startsWith("--summary-file=")) return a.slice("--summary-file=".length);
  }
  return undefined;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n")[0] ?? text;
}

void main();
