// Runs `doctor` and `sandbox` for the command line: the engine does the checking, this prints and picks the exit code.

import { runDoctor, type DoctorReport } from "../engine/doctor.js";
import { runSandboxed } from "../engine/sandbox-command.js";
import { assertNever } from "../protocol/index.js";
import type { ExecArgs } from "./parse-args.js";
import type { CliIo, RunResult } from "./run-exec.js";
import { exitCodeOf } from "./exit-codes.js";
import type { ToolRequest } from "./tool-commands.js";

export async function runTool(request: ToolRequest, args: ExecArgs, io: CliIo): Promise<RunResult> {
  const where = { env: io.env, cwd: io.cwd, platform: io.platform };
  switch (request.kind) {
    case "doctor": {
      const report = await runDoctor(args, where, { network: request.network });
      // `doctor --json` may be taken as the root's `--json` (root options stay valid after a subcommand).
      io.writeStdout(request.json || args.json ? `${JSON.stringify(report)}\n` : doctorText(report));
      return report.ok
        ? { exitCode: exitCodeOf({ kind: "completed" }), status: "completed" }
        : { exitCode: exitCodeOf({ kind: "doctor_failed" }), status: "failed" };
    }
    case "sandbox": {
      const ran = await runSandboxed(args, where, request.argv, request.mode);
      if (ran.warning !== null) io.writeStderr(`${ran.warning}\n`);
      return { exitCode: exitCodeOf({ kind: "passthrough", code: ran.exitCode }), status: ran.exitCode === 0 ? "completed" : "failed" };
    }
    default:
      return assertNever(request);
  }
}

/** One line per check, `ok`/`FAIL`/`skip` first, the fix after a failure; then the verdict. */
function doctorText(report: DoctorReport): string {
  const lines = report.checks.map((c) => {
    const mark = c.status === "ok" ? "ok  " : c.status === "fail" ? "FAIL" : "skip";
    return `${mark} ${c.name}: ${c.detail}${c.fix === undefined ? "" : ` — fix: ${c.fix}`}`;
  });
  lines.push(report.ok ? "a run would work here" : "a run would not work here: fix the FAIL lines above");
  return `${lines.join("\n")}\n`;
}
