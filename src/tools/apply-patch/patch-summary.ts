// The text a successful patch prints: which files were added, modified and deleted.

import type { PlannedChange } from "./plan-patch.js";

/** `Success. Updated the following files:\nA …\nM …\nD …\n`, grouped A, M, D, paths as written in the patch. */
export function patchSummary(changes: readonly PlannedChange[]): string {
  const added = changes.flatMap((c) => (c.kind === "add" ? [c.path] : []));
  const modified = changes.flatMap((c) => (c.kind === "update" ? [c.movePath ?? c.path] : []));
  const deleted = changes.flatMap((c) => (c.kind === "delete" ? [c.path] : []));
  const lines = [
    "Success. Updated the following files:",
    ...added.map((p) => `A ${p}`),
    ...modified.map((p) => `M ${p}`),
    ...deleted.map((p) => `D ${p}`),
  ];
  return `${lines.join("\n")}\n`;
}
