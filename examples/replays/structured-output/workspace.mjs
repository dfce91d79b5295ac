// The structured-output example: a package.json to summarise, and the JSON Schema the answer must match.
// `node examples/replays/structured-output/workspace.mjs` makes one in a temp dir and prints how to run the example there.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeWorkspace, printWorkspace } from "../workspace-kit.mjs";

/** The command line the cassette was recorded with (after `--replay DIR`). */
export const args = ["--output-schema", "summary.schema.json", "Summarise package.json: its name, version and the names of its dependencies."];

/** Make the workspace in a new temp dir. */
export function createWorkspace() {
  return makeWorkspace({
    committed: {
      "package.json": `${JSON.stringify({ name: "greet", version: "1.4.0", type: "module", dependencies: { chalk: "^5.3.0", commander: "^12.1.0" } }, null, 2)}\n`,
      "summary.schema.json": `${JSON.stringify(
        {
          type: "object",
          properties: {
            name: { type: "string" },
            version: { type: "string" },
            dependencies: { type: "array", items: { type: "string" } },
          },
          required: ["name", "version", "dependencies"],
          additionalProperties: false,
        },
        null,
        2,
      )}\n`,
    },
  });
}

/** What the run must have printed: null when it did, else what is wrong. */
export function verify(_ws, stdout) {
  try {
    const answer = JSON.parse(stdout);
    const ok = answer.name === "greet" && answer.version === "1.4.0" && answer.dependencies.join() === "chalk,commander";
    return ok ? null : `unexpected answer: ${stdout}`;
  } catch {
    return `the answer is not JSON: ${stdout}`;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printWorkspace(createWorkspace(), path.dirname(fileURLToPath(import.meta.url)), args);
}
