// `codex-exec sandbox -- CMD…`: one command under the policy (and backend) an agent run here would use.

import { spawn } from "node:child_process";
import os from "node:os";
import type { SandboxMode } from "../protocol/index.js";
import type { SandboxBackendName } from "../sandbox/command-sandbox.js";
import type { EngineArgs } from "./engine-args.js";
import { prepareRun, type EngineEnv } from "./prepare-run.js";
import { commandEnvironment } from "./command-environment.js";
import { runSandbox } from "./run-sandbox.js";

export interface SandboxedRun {
  backend: SandboxBackendName;
  mode: SandboxMode;
  /** The warning a run would print (no backend works), or null. */
  warning: string | null;
  /** Exit code of the command (128 + signal number when killed), or of the refusal (126). */
  exitCode: number;
}

/**
 * Run `argv` in the run's working directory under `mode` (else the configured sandbox mode), with the
 * environment commands get, stdio passed through. A command no backend can confine is refused (126).
 */
export async function runSandboxed(args: EngineArgs, where: EngineEnv, argv: readonly string[], mode: SandboxMode | undefined): Promise<SandboxedRun> {
  const prepared = await prepareRun({ ...args, sandbox: mode ?? args.sandbox }, where);
  const { config, cwd } = prepared;
  const { sandbox, protectCodexDir } = await runSandbox(prepared);
  const base = { backend: sandbox.backend, mode: config.sandboxMode, warning: sandbox.warning };
  let wrapped: string[];
  try {
    wrapped = sandbox.wrap(argv, cwd);
  } catch {
    return { ...base, exitCode: 126 };
  }
  const unprotect = protectCodexDir();
  try {
    const exitCode = await new Promise<number>((resolve) => {
      const child = spawn(wrapped[0] ?? "/bin/false", wrapped.slice(1), {
        cwd,
        env: commandEnvironment(prepared),
        stdio: "inherit",
      });
      child.on("error", () => resolve(127));
      child.on("close", (code, signal) => resolve(code ?? 128 + (signal === null ? 1 : os.constants.signals[signal])));
    });
    return { ...base, exitCode };
  } finally {
    unprotect();
  }
}
