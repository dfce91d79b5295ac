// Process entry point: the only code that reads argv, owns stdout/stderr, signals and the exit code.

import { CodexExecError, UsageError } from "../errors.js";
import { eventSchemas } from "./event-schemas.js";
import { parseArgs, type ExecArgs } from "./parse-args.js";
import { runExec, VERSION, type CliIo, type RunResult } from "./run-exec.js";
import { RunReport, writeSummaryFile } from "./run-report.js";

function processIo(args: ExecArgs): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    platform: process.platform,
    stdinIsTty: process.stdin.isTTY === true,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    readStdin: () => readStdin(args.noStdin),
    writeStdout: (t) => void process.stdout.write(t),
    writeStderr: (t) => void process.stderr.write(t),
    drained: () => Promise.all([drained(process.stdout), drained(process.stderr)]).then(() => undefined),
    onSignal: (handler) => {
      let count = 0;
      const on = (signal: "SIGINT" | "SIGTERM") => () => {
        count += 1;
        // A second signal means "stop now": no more waiting for the turn to wind down.
        if (count > 1) process.exit(signal === "SIGTERM" ? 143 : 130);
        handler(signal);
      };
      const onInt = on("SIGINT");
      const onTerm = on("SIGTERM");
      process.on("SIGINT", onInt);
      process.on("SIGTERM", onTerm);
      return () => {
        process.off("SIGINT", onInt);
        process.off("SIGTERM", onTerm);
      };
    },
  };
}

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
async function readStdin(disabled: boolean): Promise<Uint8Array> {
  if (disabled) return new Uint8Array();
  const chunks: Buffer[] = [];
  const hint = setTimeout(() => {
    process.stderr.write(
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
function report(err: unknown): number {
  if (err instanceof CodexExecError) {
    process.stderr.write(`${err.message}\n`);
    return err.exitCode;
  }
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`Error: internal error (please report): ${detail}\n`);
  return 1;
}

/** Exit once stdout and stderr have flushed, so a pipe reader gets every byte. */
function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = (): void => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}

async function main(): Promise<void> {
  // A reader that closed the pipe (`| head`) is not an error of ours.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
  });
  const argv = process.argv.slice(2);
  const run = new RunReport(Date.now());
  let args: ExecArgs | null = null;
  let result: RunResult;
  try {
    if (isSchemaCommand(argv)) {
      process.stdout.write(`${JSON.stringify(eventSchemas(), null, 2)}\n`);
      return exitAfterFlush(0);
    }
    const parsed = parseArgs(argv, VERSION);
    if (parsed.kind === "print") {
      process.stdout.write(parsed.text);
      return exitAfterFlush(0);
    }
    args = parsed.args;
    result = await runExec(parsed.args, processIo(parsed.args), run);
  } catch (err) {
    const exitCode = report(err);
    run.error = { code: err instanceof CodexExecError ? err.code : "internal", message: firstLine(err) };
    result = { exitCode, status: err instanceof UsageError ? "usage_error" : "startup_error" };
  }
  const summary = run.summary(result.status, result.exitCode, Date.now());
  const summaryFile = args?.summaryFile ?? summaryFileFromArgv(argv);
  if (summaryFile !== undefined) {
    const problem = writeSummaryFile(summaryFile, summary);
    if (problem) process.stderr.write(`${problem}\n`);
  }
  if (args?.json && args.jsonSummary) process.stdout.write(`${JSON.stringify({ type: "run.completed", summary })}\n`);
  exitAfterFlush(result.exitCode);
}

/** `codex-exec schema` (also after `exec`): print the JSON Schemas of the output contract. */
function isSchemaCommand(argv: readonly string[]): boolean {
  const rest = argv[0] === "exec" || argv[0] === "e" ? argv.slice(1) : argv;
  return rest.length === 1 && rest[0] === "schema";
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
