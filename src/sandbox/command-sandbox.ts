// Turns a command into its sandboxed form for this platform, or refuses it when no sandbox works.

import type { SandboxPolicy } from "../protocol/index.js";
import { bwrapArgv } from "./bwrap-command.js";
import type { BwrapProbe } from "./probe-bwrap.js";
import { seatbeltArgv } from "./seatbelt-command.js";

/** Why a command cannot be run confined; the text is returned to the model. */
export class SandboxUnavailableError extends Error {}

export interface CommandSandbox {
  /** One warning line for the user when commands will be refused, else null. */
  readonly warning: string | null;
  /** The argv to spawn for `argv` in `cwd`; throws SandboxUnavailableError (fail closed). */
  wrap(argv: readonly string[], cwd: string): string[];
}

/** Whether createCommandSandbox will consult its bwrap probe (so the probe is worth starting early). */
export function needsBwrapProbe(mode: SandboxPolicy["mode"], platform: NodeJS.Platform): boolean {
  return mode !== "danger-full-access" && platform === "linux";
}

/** The sandbox for a policy: none under danger-full-access, bwrap on Linux, Seatbelt on macOS. */
export function createCommandSandbox(
  policy: SandboxPolicy,
  platform: NodeJS.Platform,
  probe: () => BwrapProbe,
): CommandSandbox {
  if (policy.mode === "danger-full-access") return { warning: null, wrap: (argv) => [...argv] };
  if (platform === "darwin") return { warning: null, wrap: (argv) => seatbeltArgv(policy, argv) };
  if (platform !== "linux") return refusing(`no sandbox is available on ${platform}`);
  const found = probe();
  if (!found.ok) return refusing(found.reason);
  return { warning: null, wrap: (argv, cwd) => bwrapArgv(found.path, policy, cwd, argv) };
}

function refusing(reason: string): CommandSandbox {
  const fix = "install bubblewrap (apt-get install bubblewrap), or pass --sandbox danger-full-access if this environment is already isolated";
  return {
    warning: `commands cannot be sandboxed: ${reason}; they will be refused. Fix: ${fix}.`,
    wrap: () => {
      throw new SandboxUnavailableError(`command refused: ${reason}, and running it unconfined is not allowed (${fix})`);
    },
  };
}
