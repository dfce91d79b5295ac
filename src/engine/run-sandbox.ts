// A run's command sandbox: its policy, the backend the probe chose, and the `.codex` placeholder it needs.

import type { SandboxPolicy } from "../protocol/index.js";
import { createCommandSandbox, type CommandSandbox } from "../sandbox/command-sandbox.js";
import { probeLinuxSandbox } from "../sandbox/probe-sandbox.js";
import { protectMissingCodexDir } from "../sandbox/protect-missing-codex-dir.js";
import { resolveSandboxPolicy } from "../sandbox/resolve-sandbox-policy.js";
import type { PreparedRun } from "./prepare-run.js";

export interface RunSandbox {
  policy: SandboxPolicy;
  sandbox: CommandSandbox;
  /** Holds `<cwd>/.codex` in place while commands may run; returns the cleanup (agent runs and `codex-exec sandbox` alike). */
  protectCodexDir(): () => void;
}

export async function runSandbox(prepared: Pick<PreparedRun, "config" | "cwd" | "env" | "platform" | "sandboxProbe">): Promise<RunSandbox> {
  const { config, cwd, env } = prepared;
  const policy = resolveSandboxPolicy({ mode: config.sandboxMode, cwd, addDirs: [], workspaceWrite: config.workspaceWrite, tmpdirEnv: env["TMPDIR"] });
  // Probed in prepareRun whenever a Linux sandbox is needed, so the fallback only covers a caller that skipped it.
  const probed = await (prepared.sandboxProbe ?? probeLinuxSandbox(env));
  const sandbox = createCommandSandbox(policy, prepared.platform, () => probed.backend);
  return {
    policy,
    sandbox,
    // bwrap and Landlock can only protect a `.codex` that exists; Seatbelt's rules cover a missing one by themselves.
    protectCodexDir: () => (sandbox.warning === null && prepared.platform === "linux" ? protectMissingCodexDir(policy, cwd) : () => undefined),
  };
}
