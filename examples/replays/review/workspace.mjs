// The review example: a repository with an uncommitted change that introduces a bug, for `review --uncommitted`.
// `node examples/replays/review/workspace.mjs` makes one in a temp dir and prints how to run the example there.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeWorkspace, printWorkspace } from "../workspace-kit.mjs";

/** The command line the cassette was recorded with (after `--replay DIR`). */
export const args = ["review", "--uncommitted"];

/** Make the workspace in a new temp dir. */
export function createWorkspace() {
  return makeWorkspace({
    committed: {
      "stats.mjs": `/** The mean of a non-empty list of numbers. */
export function mean(xs) {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return sum / xs.length;
}
`,
    },
    uncommitted: {
      "stats.mjs": `/** The mean of a non-empty list of numbers. */
export function mean(xs) {
  let sum = 0;
  for (let i = 1; i < xs.length; i++) sum += xs[i];
  return sum / xs.length;
}
`,
    },
  });
}

/** What the run must have printed: null when it did, else what is wrong. */
export function verify(_ws, stdout) {
  return stdout.includes("[P1] mean() skips the first element") ? null : `no P1 finding in the review:\n${stdout}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printWorkspace(createWorkspace(), path.dirname(fileURLToPath(import.meta.url)), args);
}
