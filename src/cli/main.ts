// Process entry point: the only code that reads argv, owns stdout/stderr, signals and the exit code.

import { CodexExecError } from "../errors.js";
import { parseArgs } from "./parse-args.js";
import { runExec, VERSION, type CliIo } from "./run-exec.js";

function processIo(): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdinIsTty: process.stdin.isTTY === true,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    readStdin,
    writeStdout: (t) => void process.stdout.write(t),
    writeStderr: (t) => void process.stderr.write(t),
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

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
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
  let code: number;
  try {
    const parsed = parseArgs(process.argv.slice(2), VERSION);
    if (parsed.kind === "print") {
      process.stdout.write(parsed.text);
      code = 0;
    } else {
      code = await runExec(parsed.args, processIo());
    }
  } catch (err) {
    code = report(err);
  }
  exitAfterFlush(code);
}

void main();
