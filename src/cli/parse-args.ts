// The command line: commander definitions and their conversion into typed ExecArgs.

import { Command, CommanderError, Option } from "commander";
import { UsageError } from "../errors.js";
import type { ReasoningEffort, SandboxMode } from "../protocol/index.js";
import { DURATION_EXPECTED, parseDuration } from "../config/duration.js";
import type { ExecCommand, ReviewTargetArg } from "../engine/engine-args.js";
import { parseRunOptions, type RunOptions } from "../engine/run-options.js";
import { OSS_PROVIDERS, type OssProviderId } from "../config/oss-provider.js";
import { eventSchemas } from "./event-schemas.js";
import { addToolCommands, type ToolRequest } from "./tool-commands.js";
import { fromCommander, ROOT_USAGE, unexpectedArgument, usageError, withUsage } from "./usage-error.js";

export type { ExecCommand, ReviewTargetArg } from "../engine/engine-args.js";

/** Everything the command line says: the one options schema (engine/run-options.ts). */
export type ExecArgs = RunOptions;

/** The result of parsing: run, print this text and exit 0 (help, version, `schema`), or a tool subcommand. */
export type ParseResult =
  | { kind: "run"; args: ExecArgs }
  | { kind: "print"; text: string }
  | { kind: "tool"; request: ToolRequest; args: ExecArgs };

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const collectList = (value: string, previous: string[]): string[] => [
  ...previous,
  ...value.split(",").filter((v) => v !== ""),
];

const SUBCOMMANDS = new Set(["resume", "fork", "review", "schema", "help", "doctor", "sandbox"]);

/** Filled in by the action of whichever command commander dispatched to. */
interface Dispatched {
  command: ExecCommand;
  prompt: string | undefined;
  /** `codex-exec schema`: print the JSON Schemas instead of running. */
  schema: boolean;
  /** `doctor` or `sandbox`: a tool subcommand instead of a run. */
  tool?: ToolRequest;
  /** The usage line a usage error shows: the root's, or the subcommand's once commander dispatched to it. */
  usage: string;
}

/** Operands past the `declared` ones are an error, as in clap (`error: unexpected argument 'x' found`). */
function rejectExtraOperands(command: Command, declared: number): void {
  const extra = command.args[declared];
  if (extra !== undefined) throw unexpectedArgument(extra);
}

function buildProgram(
  version: string,
  sink: { out: string; err: string },
  withSubcommands: boolean,
  dispatched: Dispatched,
): Command {
  const program = new Command()
    .name("codex-exec")
    .description("Run a coding agent non-interactively: one prompt in, the work done, the answer out.")
    .argument("[prompt]", "the task; `-` (or no argument with piped stdin) reads it from stdin")
    .addOption(
      // One value per flag (comma-separated allowed), so `-i a.png "prompt"` keeps the prompt.
      new Option("-i, --image <file>", "attach an image to the prompt; repeatable, or comma-separated")
        .argParser(collectList)
        .default([], ""),
    )
    .option("-m, --model <model>", "model to use")
    .addOption(
      new Option("-c, --config <key=value>", "override a config.toml value (dotted key, TOML value); repeatable")
        .argParser(collect)
        .default([], ""),
    )
    .option("-p, --profile <name>", "use [profiles.<name>] (or $CODEX_HOME/<name>.config.toml)")
    .option("-C, --cd <dir>", "run in this directory")
    .addOption(
      new Option("-s, --sandbox <mode>", "sandbox for model-run commands").choices([
        "read-only",
        "workspace-write",
        "danger-full-access",
      ]),
    )
    .addOption(
      new Option("--add-dir <dir>", "another writable directory under workspace-write; repeatable")
        .argParser(collect)
        .default([], ""),
    )
    .option(
      "--dangerously-bypass-approvals-and-sandbox",
      "run commands without any sandbox (only inside an environment that is already isolated)",
    )
    .addOption(new Option("--yolo", "alias of --dangerously-bypass-approvals-and-sandbox").hideHelp())
    .addOption(new Option("--full-auto").hideHelp())
    .option("--skip-git-repo-check", "allow running outside a git repository")
    .option("--json", "print events to stdout as JSON lines")
    .addOption(new Option("--experimental-json", "alias of --json").hideHelp())
    .addOption(new Option("--color <when>", "colour on stderr").choices(["always", "never", "auto"]).default("auto"))
    .option("-o, --output-last-message <file>", "write the final message to this file when the turn completes")
    .option("--output-schema <file>", "JSON Schema the final answer must match (made strict, and checked)")
    .addOption(
      new Option("--reasoning-effort <level>", "reasoning effort for this run").choices([
        "none",
        "minimal",
        "low",
        "medium",
        "high",
        "xhigh",
      ]),
    )
    .option("--max-output-tokens <n>", "cap on tokens the model may generate per response (1-128000)")
    .option("--instructions <text|@file>", "extra system-level instructions for this run")
    .option("--oss", "use a local model server (Ollama or LM Studio) over Chat Completions")
    .addOption(
      new Option("--local-provider <provider>", "with --oss: which local server (default: config oss_provider)").choices(
        OSS_PROVIDERS,
      ),
    )
    .option("--timeout <duration>", "limit for the whole run, e.g. 90s or 15m (exit 124)")
    .option("--idle-timeout <duration>", "fail when neither the model nor a tool shows activity for this long (exit 124)")
    .option("--max-turns <n>", "at most this many model requests in the turn (exit 3)")
    .option("--max-tokens <n>", "at most this many tokens, counted as `tokens used` counts them: uncached input + output (exit 3)")
    .option("--max-cost-usd <x>", "at most this many dollars, at the model's price (exit 3)")
    .option("--summary-file <file>", "write a JSON summary of the run here, on every exit path")
    .option("--json-summary", "with --json: end the stream with a run.completed line carrying the summary")
    .option("--no-stdin", "never read stdin (no <stdin> block, no waiting on an open pipe)")
    .option("--fail-on-tool-error", "exit 4 when a command or patch failed, even if the turn completed")
    .option("--ignore-user-config", "do not read $CODEX_HOME/config.toml")
    .option("--strict-config", "treat unknown config keys as errors")
    .option("--ephemeral", "do not write a rollout (session) file")
    // codex 0.169 flags with nothing to change here, accepted so wrappers written for it keep working.
    .option("--ignore-rules", "accepted for codex compatibility: no execpolicy .rules files are read anyway")
    .option("--thread-source <source>", "accepted for codex compatibility: an analytics label, not used")
    .addOption(new Option("--record <dir>", "record every model request and response to a cassette in <dir>").conflicts("replay"))
    .option("--replay <dir>", "answer model requests from the cassette in <dir>: no network, no API key")
    .option("--replay-lenient", "with --replay: warn about a request that differs from the recording and continue")
    .addOption(
      new Option("--fail-on-findings <priority>", "review: exit 5 when a finding of this priority or higher exists").choices([
        "P0",
        "P1",
        "P2",
        "P3",
      ]),
    )
    .version(`codex-exec ${version}`, "-V, --version", "print the version")
    .helpOption("-h, --help", "print help")
    .exitOverride()
    // Extra operands are reported by the actions, naming the operand as clap does.
    .allowExcessArguments()
    .configureOutput({
      writeOut: (s) => {
        sink.out += s;
      },
      writeErr: (s) => {
        sink.err += s;
      },
    });
  program.action((prompt: string | undefined, _opts: unknown, cmd: Command) => {
    rejectExtraOperands(cmd, 1);
    dispatched.prompt = prompt;
  });
  if (withSubcommands) {
    // `help [command]` prints help, as `codex exec help` does (a prompt of just "help" needs `-- help`).
    program.helpCommand("help [command]", "print help, or a subcommand's help");
    // From here on, a usage error shows the subcommand's usage line, as clap does.
    program.hook("preSubcommand", (_root, sub) => {
      dispatched.usage = `codex-exec ${sub.name()} ${sub.usage().toUpperCase()}`;
    });
    // Options of the program stay valid after the subcommand (`resume --last --json …`), as in codex.
    program
      .command("resume")
      .description("continue a stored session with a new turn")
      .argument("[session_id]", "thread id (UUID) or rollout file; with --last, a lone argument is the prompt")
      .argument("[prompt]", "the task; `-` reads it from stdin; none reads piped stdin")
      .option("--last", "resume the most recent session started in this directory")
      .option("--all", "with --last: consider sessions from any directory")
      .allowExcessArguments()
      .action((id: string | undefined, prompt: string | undefined, opts: { last?: boolean; all?: boolean }, cmd: Command) => {
        rejectExtraOperands(cmd, 2);
        const last = opts.last === true;
        // `resume --last "prompt"`: the lone positional is the prompt, not an id.
        const [sessionId, text] = last && prompt === undefined ? [undefined, id] : [id, prompt];
        dispatched.command = { kind: "resume", sessionId, last, all: opts.all === true };
        dispatched.prompt = text ?? dispatched.prompt;
      });
    program
      .command("fork")
      .description("start a new thread from a copy of a stored session's history")
      .argument("<session_id>", "thread id (UUID) or rollout file")
      .argument("[prompt]", "the task; `-` reads it from stdin")
      .allowExcessArguments()
      .action((id: string, prompt: string | undefined, _opts: unknown, cmd: Command) => {
        rejectExtraOperands(cmd, 2);
        dispatched.prompt = prompt ?? dispatched.prompt;
        dispatched.command = { kind: "fork", sessionId: id, promptless: dispatched.prompt === undefined };
      });
    program
      .command("review")
      .description("review code changes; the review is the final message")
      .argument("[prompt]", "custom review instructions; `-` reads them from stdin")
      .addOption(new Option("--uncommitted", "review staged, unstaged and untracked changes").conflicts(["base", "commit"]))
      .addOption(new Option("--base <branch>", "review the changes against this branch").conflicts(["commit"]))
      .option("--commit <sha>", "review the changes introduced by this commit")
      .option("--title <title>", "with --commit: the commit title shown in the header")
      .allowExcessArguments()
      .action((prompt: string | undefined, opts: { uncommitted?: boolean; base?: string; commit?: string; title?: string }, cmd: Command) => {
        rejectExtraOperands(cmd, 1);
        if (opts.title !== undefined && opts.commit === undefined) {
          throw usageError("the argument '--title <title>' requires '--commit <sha>'");
        }
        const target: ReviewTargetArg = opts.uncommitted
          ? { type: "uncommitted" }
          : opts.base !== undefined
            ? { type: "base", branch: opts.base }
            : opts.commit !== undefined
              ? { type: "commit", sha: opts.commit, title: opts.title }
              : { type: "custom" };
        dispatched.command = { kind: "review", target };
        dispatched.prompt = prompt;
      });
    program
      .command("schema")
      .description("print the JSON Schemas of the --json events and of the summary record")
      .allowExcessArguments()
      .action((_opts: unknown, cmd: Command) => {
        rejectExtraOperands(cmd, 0);
        dispatched.schema = true;
      });
    addToolCommands(program, (request) => {
      dispatched.tool = request;
    });
  }
  return program;
}

/** Parse argv (without node and script); throws UsageError (exit 2, clap's shape) on bad usage. */
export function parseArgs(argv: readonly string[], version: string): ParseResult {
  // `codex-exec exec ...` is how tools written for `codex exec` call us (the SDK spawns `<bin> exec`).
  const words = argv[0] === "exec" || argv[0] === "e" ? argv.slice(1) : [...argv];
  // `help exec`: exec is the command this whole program is, so its help is the root's.
  const rest = words.length === 2 && words[0] === "help" && (words[1] === "exec" || words[1] === "e") ? ["--help"] : words;
  const dispatched: Dispatched = { command: { kind: "exec" }, prompt: undefined, schema: false, usage: ROOT_USAGE };
  try {
    return parseWords(rest, version, dispatched);
  } catch (err) {
    // Every usage error ends the same way, wherever it was found: the usage line, then the `--help` hint.
    throw err instanceof UsageError ? withUsage(err, dispatched.usage) : err;
  }
}

function parseWords(rest: string[], version: string, dispatched: Dispatched): ParseResult {
  const sink = { out: "", err: "" };
  // After `--`, a word like `resume` is a prompt, not a subcommand.
  const dashDash = rest.indexOf("--");
  const literal = dashDash >= 0 && SUBCOMMANDS.has(rest[dashDash + 1] ?? "") && !rest.slice(0, dashDash).some((a) => SUBCOMMANDS.has(a));
  const program = buildProgram(version, sink, !literal, dispatched);
  // `"<prompt>" resume --last`: the root prompt, used when the subcommand brings none of its own.
  const rootPrompt = literal ? null : promptBeforeSubcommand(program, rest);
  if (rootPrompt !== null) {
    dispatched.prompt = rest[rootPrompt];
    rest.splice(rootPrompt, 1);
  }
  try {
    program.parse(rest, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.help" && err.exitCode !== 0) {
        // `help <no such command>`: commander prints the whole help on stderr; one line says more.
        const asked = rest[rest.indexOf("help") + 1] ?? "";
        dispatched.usage = ROOT_USAGE;
        throw usageError(`unrecognized subcommand '${asked}'`);
      }
      if (err.code === "commander.helpDisplayed" || err.code === "commander.help" || err.code === "commander.version") {
        return { kind: "print", text: sink.out };
      }
      throw fromCommander(err);
    }
    throw err;
  }
  if (program.opts()["fullAuto"] === true) {
    // Removed in codex 0.147; wrappers that still pass it must fail loudly, not run with other permissions.
    throw unexpectedArgument("--full-auto", "use '--sandbox workspace-write' instead");
  }
  if (dispatched.schema) return { kind: "print", text: `${JSON.stringify(eventSchemas(), null, 2)}\n` };
  const o = program.opts<{
    image: string[];
    addDir: string[];
    dangerouslyBypassApprovalsAndSandbox?: boolean;
    yolo?: boolean;
    fullAuto?: boolean;
    model?: string;
    config: string[];
    profile?: string;
    cd?: string;
    sandbox?: SandboxMode;
    skipGitRepoCheck?: boolean;
    json?: boolean;
    experimentalJson?: boolean;
    color: "always" | "never" | "auto";
    outputLastMessage?: string;
    ignoreUserConfig?: boolean;
    strictConfig?: boolean;
    ephemeral?: boolean;
    failOnFindings?: string;
    outputSchema?: string;
    reasoningEffort?: ReasoningEffort;
    maxOutputTokens?: string;
    instructions?: string;
    oss?: boolean;
    localProvider?: OssProviderId;
    timeout?: string;
    idleTimeout?: string;
    maxTurns?: string;
    maxTokens?: string;
    maxCostUsd?: string;
    summaryFile?: string;
    jsonSummary?: boolean;
    stdin?: boolean;
    failOnToolError?: boolean;
    record?: string;
    replay?: string;
    replayLenient?: boolean;
  }>();
  // A flag that could only be ignored where it stands is an error: the caller meant something else.
  const requires = (flag: string, needed: string): never => {
    throw usageError(`the argument '${flag}' requires ${needed}`);
  };
  if (o.replayLenient === true && o.replay === undefined) requires("--replay-lenient", "'--replay <dir>'");
  if (o.jsonSummary === true && o.json !== true && o.experimentalJson !== true) requires("--json-summary", "'--json'");
  if (o.failOnFindings !== undefined && dispatched.command.kind !== "review") requires("--fail-on-findings <priority>", "the 'review' subcommand");
  if (o.model !== undefined && o.model.trim() === "") badValue("--model <model>", o.model, "a model name");
  const args = parseRunOptions({
    command: dispatched.command,
    prompt: dispatched.prompt,
    images: o.image,
    model: o.model,
    config: o.config,
    profile: o.profile,
    cd: o.cd,
    sandbox: o.sandbox,
    skipGitRepoCheck: o.skipGitRepoCheck === true,
    bypassSandbox: o.dangerouslyBypassApprovalsAndSandbox === true || o.yolo === true,
    addDirs: o.addDir,
    json: o.json === true || o.experimentalJson === true,
    color: o.color,
    outputLastMessage: o.outputLastMessage,
    ignoreUserConfig: o.ignoreUserConfig === true,
    strictConfig: o.strictConfig === true,
    ephemeral: o.ephemeral === true,
    failOnFindings: o.failOnFindings === undefined ? undefined : Number(o.failOnFindings.slice(1)),
    outputSchema: o.outputSchema,
    reasoningEffort: o.reasoningEffort,
    maxOutputTokens: o.maxOutputTokens === undefined ? undefined : tokenCap(o.maxOutputTokens),
    instructions: o.instructions,
    oss: o.oss === true,
    localProvider: o.localProvider,
    timeoutMs: o.timeout === undefined ? undefined : durationArg("--timeout <duration>", o.timeout),
    idleTimeoutMs: o.idleTimeout === undefined ? undefined : durationArg("--idle-timeout <duration>", o.idleTimeout),
    maxTurns: o.maxTurns === undefined ? undefined : positiveInt("--max-turns <n>", o.maxTurns),
    maxTokens: o.maxTokens === undefined ? undefined : positiveInt("--max-tokens <n>", o.maxTokens),
    maxCostUsd: o.maxCostUsd === undefined ? undefined : positiveNumber("--max-cost-usd <x>", o.maxCostUsd),
    summaryFile: o.summaryFile,
    jsonSummary: o.jsonSummary === true,
    noStdin: o.stdin === false,
    failOnToolError: o.failOnToolError === true,
    record: o.record,
    replay: o.replay,
    replayLenient: o.replayLenient === true,
  }, "command line");
  return dispatched.tool === undefined ? { kind: "run", args } : { kind: "tool", request: dispatched.tool, args };
}

/**
 * The index of a root prompt that precedes `resume` or `fork` (as in `codex exec "<prompt>" resume
 * --last`): the first operand, when the next operand is one of those subcommands. Option values are
 * skipped by what the program's options take.
 */
function promptBeforeSubcommand(program: Command, args: readonly string[]): number | null {
  const takesValue = new Set(program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short]));
  const operands: number[] = [];
  for (let i = 0; i < args.length && operands.length < 2; i++) {
    const a = args[i] ?? "";
    if (a === "--") return null;
    if (a.startsWith("-") && a !== "-") {
      if (!a.includes("=") && takesValue.has(a)) i++;
      continue;
    }
    operands.push(i);
  }
  const [prompt, next] = operands;
  if (prompt === undefined || next === undefined || SUBCOMMANDS.has(args[prompt] ?? "")) return null;
  return args[next] === "resume" || args[next] === "fork" ? prompt : null;
}

function tokenCap(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 128_000) {
    throw usageError(`invalid value '${text}' for '--max-output-tokens <n>': expected a whole number from 1 to 128000`, "usage_invalid_value");
  }
  return n;
}

function badValue(flag: string, text: string, expected: string): never {
  throw usageError(`invalid value '${text}' for '${flag}': expected ${expected}`, "usage_invalid_value");
}

function durationArg(flag: string, text: string): number {
  return parseDuration(text) ?? badValue(flag, text, DURATION_EXPECTED);
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : badValue(flag, text, "a whole number above 0");
}

function positiveNumber(flag: string, text: string): number {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : badValue(flag, text, "a number above 0");
}
