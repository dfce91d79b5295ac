// The fix-typo example: a small repository whose README has a misspelling and a script that checks for it.
// `node examples/replays/fix-typo/workspace.mjs` makes one in a temp dir and prints how to run the example there.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeWorkspace, printWorkspace } from "../workspace-kit.mjs";

/** The command line the cassette was recorded with (after `--replay DIR`). */
export const args = ["-s", "workspace-write", "Fix the typo in README.md, then run `node check.mjs` to confirm it passes."];

export const README = `# greet

A tiny command-line greeter. Run \`node greet.mjs NAME\` and you will recieve a greeting.
`;

/** Make the workspace in a new temp dir. */
export function createWorkspace() {
  return makeWorkspace({
    committed: {
      "README.md": README,
      "greet.mjs": 'console.log(`Hello, ${process.argv[2] ?? "world"}!`);\n',
      "check.mjs": `// Fails when README.md contains a common misspelling.
import { readFileSync } from "node:fs";

const typos = ["recieve", "teh", "seperate", "occured", "definately"];
const words = readFileSync("README.md", "utf8").toLowerCase().match(/[a-z]+/g) ?? [];
const found = typos.filter((t) => words.includes(t));
if (found.length > 0) {
  console.error(\`README.md: misspelled: \${found.join(", ")}\`);
  process.exit(1);
}
console.log("README.md: no misspellings found");
`,
    },
  });
}

/** What the run must have done: null when it did, else what is wrong. */
export function verify(ws) {
  const text = readFileSync(path.join(ws.repo, "README.md"), "utf8");
  return text === README.replace("recieve", "receive") ? null : `README.md is not fixed:\n${text}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printWorkspace(createWorkspace(), path.dirname(fileURLToPath(import.meta.url)), args);
}
