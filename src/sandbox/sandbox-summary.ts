// How a sandbox mode is described in the human header (codex's summary strings).

import { assertNever, type SandboxMode } from "../protocol/index.js";

export interface SandboxSummaryInput {
  mode: SandboxMode;
  networkAccess: boolean;
  extraWritableRoots: readonly string[];
  excludeSlashTmp?: boolean;
  excludeTmpdirEnvVar?: boolean;
}

/** e.g. `read-only`, `workspace-write [workdir, /tmp, $TMPDIR]`, `danger-full-access`. */
export function sandboxSummary(input: SandboxSummaryInput): string {
  const net = input.networkAccess ? " (network access enabled)" : "";
  switch (input.mode) {
    case "read-only":
      return `read-only${net}`;
    case "workspace-write":
      return `workspace-write [${[
        "workdir",
        ...(input.excludeSlashTmp ? [] : ["/tmp"]),
        ...(input.excludeTmpdirEnvVar ? [] : ["$TMPDIR"]),
        ...input.extraWritableRoots,
      ].join(", ")}]${net}`;
    case "danger-full-access":
      return "danger-full-access";
    default:
      return assertNever(input.mode);
  }
}
