// Turns a command into its sandboxed form for this platform, or refuses it when no sandbox works.

import type { SandboxPolicy } from "../protocol/index.js";
import { bwrapArgv } from "./bwrap-command.js";
import { landlockArgv } from "./landlock-command.js";
import type { BwrapProbe } from "./probe-bwrap.js";
import type { LinuxBackend } from "./probe-sandbox.js";
import { seatbeltArgv } from "./seatbelt-command.js";

/** Why a command cannot be run confined; the text is returned to the model. */
export class SandboxUnavailableError extends Error {}

/** What confines commands: shown in the header, `doctor` and the summary record. */
export type SandboxBackendName = "bwrap" | "landlock" | "seatbelt" | "unconfined" | "unavailable";

export interface CommandSandbox {
  readonly backend: SandboxBackendName;
  /** One warning line for the user when commands will be refused, else null. */
  readonly warning: string | null;
  /**
   * The argv to spawn for `argv` in `cwd`; throws SandboxUnavailableError (fail closed). `extraWrites`
   * are files our own code writes there after checking the policy (the patch writer).
   */
  wrap(argv: readonly string[], cwd: string, extraWrites?: readonly string[]): string[];
}

/** Whether createCommandSandbox will consult its Linux probe (so the probe is worth starting early). */
export function needsSandboxProbe(mode: SandboxPolicy["mode"], platform: NodeJS.Platform): boolean {
  return mode !== "danger-full-access" && platform === "linux";
}

/** The bwrap probe's verdict as a backend (tests and callers that only know bwrap). */
export function bwrapBackend(probe: BwrapProbe): LinuxBackend {
  return probe.ok ? { kind: "bwrap", path: probe.path } : { kind: "none", reason: probe.reason };
}

/** The sandbox for a policy: none under danger-full-access, bwrap or Landlock on Linux, Seatbelt on macOS. */
export function createCommandSandbox(policy: SandboxPolicy, platform: NodeJS.Platform, linux: () => LinuxBackend): CommandSandbox {
  if (policy.mode === "danger-full-access") return { backend: "unconfined", warning: null, wrap: (argv) => [...argv] };
  if (platform === "darwin") return { backend: "seatbelt", warning: null, wrap: (argv) => seatbeltArgv(policy, argv) };
  if (platform !== "linux") return refusing(`no sandbox is available on ${platform}`);
  const found = linux();
  switch (found.kind) {
    case "bwrap":
      return { backend: "bwrap", warning: null, wrap: (argv, cwd) => bwrapArgv(found.path, policy, cwd, argv) };
    case "landlock":
      return { backend: "landlock", warning: null, wrap: (argv, _cwd, extra) => landlockArgv(found.helper, policy, argv, extra) };
    case "none":
      return refusing(found.reason);
  }
}

/** What makes a sandbox work here, for messages: every remedy, since which one fits depends on the machine. */
export const BWRAP_REMEDY =
  "install bubblewrap (apt-get install bubblewrap); where user namespaces are restricted (Ubuntu 24.04), allow them for bwrap with an AppArmor profile or `sysctl kernel.apparmor_restrict_unprivileged_userns=0`";
export const LANDLOCK_REMEDY = "build the Landlock helper (apt-get install build-essential libseccomp-dev && npm rebuild codex-exec; Linux 5.13 or newer)";
export const SANDBOX_REMEDIES = `${BWRAP_REMEDY}; or ${LANDLOCK_REMEDY}; or pass --sandbox danger-full-access if this environment is already isolated`;

function refusing(reason: string): CommandSandbox {
  return {
    backend: "unavailable",
    warning: `commands cannot be sandboxed: ${reason}; they will be refused. Fix: ${SANDBOX_REMEDIES}.`,
    wrap: () => {
      throw new SandboxUnavailableError(`command refused: ${reason}, and running it unconfined is not allowed (${SANDBOX_REMEDIES})`);
    },
  };
}
