// Records the example cassettes in examples/replays/ from scripted mock-server scenarios, then replays each
// one in a fresh workspace to check it. Run with `npm run record-examples` (scripts/record-examples.mjs).

import { realpathSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { MockResponsesServer, reply, type Step } from "../test/support/mock-responses-server.js";
import { runCli } from "../test/support/run-cli.js";
import type { ItemSpec, Usage } from "../test/support/sse-events.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const REPLAYS = path.join(ROOT, "examples", "replays");

/** What an example's `workspace.mjs` exports (see examples/replays/workspace-kit.mjs). */
interface Workspace {
  root: string;
  repo: string;
  codexHome: string;
  cleanup(): void;
}
interface Example {
  args: string[];
  createWorkspace(): Workspace;
  verify(ws: Workspace, stdout: string): string | null;
}

const exec = (cmd: string, callId: string): ItemSpec => ({ functionCall: { name: "exec_command", arguments: { cmd }, callId } });
const usage = (input: number, output: number): Usage => ({ input_tokens: input, cached: Math.floor(input / 2), output_tokens: output });

/** The model's side of each example, scripted; `repo` is the workspace as the CLI sees it. */
const SCENARIOS: Record<string, (repo: string) => Step[]> = {
  "fix-typo": () => [
    reply([{ reasoning: "**Reading the README** Looking for the misspelling first." }, exec("git ls-files && cat README.md", "call_read")], usage(2400, 60)),
    reply(
      [
        {
          customToolCall: {
            name: "apply_patch",
            callId: "call_patch",
            input: [
              "*** Begin Patch",
              "*** Update File: README.md",
              "@@",
              "-A tiny command-line greeter. Run `node greet.mjs NAME` and you will recieve a greeting.",
              "+A tiny command-line greeter. Run `node greet.mjs NAME` and you will receive a greeting.",
              "*** End Patch",
            ].join("\n"),
          },
        },
      ],
      usage(2600, 90),
    ),
    reply([exec("node check.mjs", "call_check")], usage(2750, 30)),
    reply([{ message: 'Fixed the typo in README.md ("recieve" → "receive"). `node check.mjs` now passes: no misspellings found.' }], usage(2850, 40)),
  ],
  review: (repo) => [
    reply([exec("git diff HEAD", "call_diff")], usage(3100, 40)),
    reply(
      [
        {
          message: JSON.stringify({
            findings: [
              {
                title: "mean() skips the first element",
                body: "The loop now starts at index 1, so xs[0] is never added to the sum and every mean comes out too small.",
                confidence_score: 0.95,
                priority: 1,
                code_location: { absolute_file_path: path.join(repo, "stats.mjs"), line_range: { start: 4, end: 4 } },
              },
            ],
            overall_correctness: "patch is incorrect",
            overall_explanation: "The change breaks mean(): the loop no longer adds the first element.",
            overall_confidence_score: 0.9,
          }),
        },
      ],
      usage(3400, 150),
    ),
  ],
  "structured-output": () => [
    reply([exec("cat package.json", "call_pkg")], usage(2300, 30)),
    reply([{ message: JSON.stringify({ name: "greet", version: "1.4.0", dependencies: ["chalk", "commander"] }) }], usage(2500, 40)),
  ],
};

async function loadExample(name: string): Promise<Example> {
  const mod: unknown = await import(pathToFileURL(path.join(REPLAYS, name, "workspace.mjs")).href);
  if (typeof mod !== "object" || mod === null || !("args" in mod) || !("createWorkspace" in mod) || !("verify" in mod)) {
    throw new Error(`${name}/workspace.mjs must export args, createWorkspace and verify`);
  }
  return mod as Example;
}

/** Run the built CLI in a workspace with HOME and CODEX_HOME inside it; fail loudly unless the example's check passes. */
async function runExample(name: string, example: Example, ws: Workspace, cassetteFlag: string[]): Promise<void> {
  const r = await runCli([...cassetteFlag, "--color", "never", ...example.args], { cwd: ws.repo, codexHome: ws.codexHome, env: {} });
  const problem = r.code === 0 ? example.verify(ws, r.stdout) : `exit ${String(r.code)}`;
  if (problem !== null) throw new Error(`${name} (${cassetteFlag.join(" ")}): ${problem}\n--- stderr ---\n${r.stderr}`);
}

async function record(name: string, scenario: (repo: string) => Step[]): Promise<void> {
  const example = await loadExample(name);
  const dir = path.join(REPLAYS, name);
  const ws = example.createWorkspace();
  const mock = await MockResponsesServer.start(scenario(realpathSync(ws.repo)));
  try {
    const configPath = path.join(ws.codexHome, "config.toml");
    const shared = await readFile(configPath, "utf8");
    await writeFile(configPath, `model_provider = "mock"\n${shared}\n[model_providers.mock]\nname = "mock"\nbase_url = "${mock.url}"\n`);
    await runExample(name, example, ws, ["--record", dir]);
    process.stdout.write(`recorded ${path.relative(ROOT, dir)}: ${mock.requests.length} exchanges\n`);
  } finally {
    await mock.close();
    ws.cleanup();
  }
  // The proof: a fresh workspace, no mock, no provider in config.toml.
  const fresh = example.createWorkspace();
  try {
    await runExample(name, example, fresh, ["--replay", dir]);
    process.stdout.write(`replayed ${path.relative(ROOT, dir)}: ok\n`);
  } finally {
    fresh.cleanup();
  }
}

const only = process.argv.slice(2);
for (const [name, scenario] of Object.entries(SCENARIOS)) {
  if (only.length === 0 || only.includes(name)) await record(name, scenario);
}
