// The subcommands that check or try the setup instead of running the agent: `doctor` and `sandbox`.

import { Option, type Command } from "commander";
import type { SandboxMode } from "../protocol/index.js";

/** What the command line asked of a tool subcommand, once commander dispatched to it. */
export type ToolRequest =
  | { kind: "doctor"; json: boolean; network: boolean }
  | { kind: "sandbox"; mode: SandboxMode | undefined; argv: string[] };

/** Add `doctor` and `sandbox` to `program`; `found` receives the request of the one that ran. */
export function addToolCommands(program: Command, found: (request: ToolRequest) => void): void {
  program
    .command("doctor")
    .description("check that a run would work here: sandbox backends, API key, config, network")
    .option("--json", "print the checks as one JSON object")
    .option("--network", "also check that the provider's base URL answers")
    .action((opts: { json?: boolean; network?: boolean }) => {
      found({ kind: "doctor", json: opts.json === true, network: opts.network === true });
    });
  program
    .command("sandbox")
    .description("run one command under the sandbox policy an agent run here would use")
    .addOption(new Option("--mode <mode>", "the policy (default: the configured sandbox mode)").choices(["read-only", "workspace-write"]))
    .argument("<command...>", "the command and its arguments, after `--`")
    .action((argv: string[], opts: { mode?: SandboxMode }) => {
      found({ kind: "sandbox", mode: opts.mode, argv });
    });
}
