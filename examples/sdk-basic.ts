// The in-process API, shaped like @openai/codex-sdk: run a turn, then stream the next one.
// In your project: `import { Codex } from "codex-exec"` (this file imports the source; npm test type-checks it). Needs OPENAI_API_KEY.

import { Codex } from "../src/index.js";

const codex = new Codex();
const thread = codex.startThread({ workingDirectory: process.cwd(), sandboxMode: "read-only" });

const turn = await thread.run("In two sentences, what does this repository do?");
console.log(turn.finalResponse);
console.log("tokens:", turn.usage);

// The same events `codex-exec --json` prints, as objects.
const { events } = await thread.runStreamed("Which file would you read first, and why?");
for await (const event of events) {
  if (event.type === "item.completed") console.log(event.item.type, "item" in event ? event.item : "");
  if (event.type === "turn.completed") console.log("usage", event.usage);
}
console.log("thread id (resume it later with codex.resumeThread):", thread.id);
