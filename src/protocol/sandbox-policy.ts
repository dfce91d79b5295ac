// The resolved sandbox policy a session runs under: what commands and patches may write and reach.

import type { SandboxMode } from "./events.js";

export interface SandboxPolicy {
  mode: SandboxMode;
  /** Absolute directories writable under workspace-write (cwd, /tmp, $TMPDIR, added dirs). */
  writableRoots: readonly string[];
  /** Paths under writable roots that stay read-only (`.git`, `.codex`, `.agents`). */
  readOnlySubpaths: readonly string[];
  /** Whether sandboxed commands may use the network. */
  networkAccess: boolean;
}

/** The policy of `danger-full-access`: no restrictions. */
export const FULL_ACCESS: SandboxPolicy = {
  mode: "danger-full-access",
  writableRoots: [],
  readOnlySubpaths: [],
  networkAccess: true,
};
