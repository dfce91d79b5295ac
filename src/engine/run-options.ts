// The one options schema: everything a run takes, whether from the command line or the TypeScript API.
//
// Commander's result is parsed into it (cli/parse-args.ts) and the API's options map onto it
// (sdk/codex.ts); each gets the same defaults here. Adding an option is one field here plus its flag
// line and, where the library should have it, its option line.

import { ReasoningEffortSchema, SandboxModeSchema } from "../config/config-schema.js";
import { UsageError } from "../errors.js";
import { z } from "../protocol/zod.js";
import type { ExecCommand } from "./engine-args.js";
import { OSS_PROVIDERS } from "../config/oss-provider.js";

const flag = z._default(z.boolean(), false);
const list = z._default(z.array(z.string()), []);
const text = z.optional(z.string());
const count = z.optional(z.number().check(z.int(), z.positive()));

export const RunOptions = z.object({
  /** What to run: a new thread, or a turn on a stored one. */
  command: z._default(
    z.custom<ExecCommand>((v) => typeof v === "object" && v !== null && "kind" in v, "expected a command"),
    { kind: "exec" },
  ),
  /** The task; undefined: read stdin (CLI) or none (a promptless fork). */
  prompt: text,
  images: list,
  /** Working directory, relative to the process's; undefined = the process's. */
  cd: text,
  /** `-c key=value` overrides, in order. */
  config: list,
  profile: text,
  ignoreUserConfig: flag,
  strictConfig: flag,
  model: text,
  sandbox: z.optional(SandboxModeSchema),
  /** `--dangerously-bypass-approvals-and-sandbox` / `--yolo`. */
  bypassSandbox: flag,
  addDirs: list,
  skipGitRepoCheck: flag,
  /** Write no rollout file. */
  ephemeral: flag,
  reasoningEffort: z.optional(ReasoningEffortSchema),
  maxOutputTokens: count,
  /** Extra instructions: text, or `@FILE`. */
  instructions: text,
  /** Use a local provider (`localProvider`, else config `oss_provider`). */
  oss: flag,
  localProvider: z.optional(z.enum(OSS_PROVIDERS)),
  /** Write every model exchange to a cassette in this directory. */
  record: text,
  /** Answer model requests from the cassette in this directory (no network, no key). */
  replay: text,
  /** A request that differs from the recording is warned about, not fatal. */
  replayLenient: flag,
  /** Run limits (milliseconds, counts, dollars); undefined = none. */
  timeoutMs: count,
  idleTimeoutMs: count,
  maxTurns: count,
  maxTokens: count,
  maxCostUsd: z.optional(z.number().check(z.positive())),
  /** JSON Schema file the final answer must match (made strict, and checked). */
  outputSchema: text,
  // What the command line does with the run's output and outcome.
  json: flag,
  color: z._default(z.enum(["always", "never", "auto"]), "auto"),
  outputLastMessage: text,
  summaryFile: text,
  jsonSummary: flag,
  /** Never read stdin. */
  noStdin: flag,
  failOnToolError: flag,
  /** Exit 5 when a review finding has priority n or more urgent. */
  failOnFindings: z.optional(z.number().check(z.int(), z.gte(0), z.lte(3))),
});

/** Every option of a run, defaults applied. */
export type RunOptions = z.output<typeof RunOptions>;
/** What an adapter may give: anything left out gets its default. */
export type RunOptionsInput = z.input<typeof RunOptions>;

/** Apply the defaults and check every value; a bad one is a UsageError naming `source` and the option. */
export function parseRunOptions(input: RunOptionsInput, source: string): RunOptions {
  const parsed = RunOptions.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UsageError("usage_invalid_value", `${source}: ${issue?.path.join(".") || "options"}: ${issue?.message ?? "invalid"}`);
}
