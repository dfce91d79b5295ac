// Every usage error of the command line, with the clap-shaped message it must produce (exit 2).

import type { UsageError } from "../../src/errors.js";

const ROOT = "codex-exec [OPTIONS] [PROMPT]";
const UUID0 = "0199a0b1-2c3d-7e4f-8a5b-6c7d8e9f0a1b";

/**
 * Every usage error the command line can produce: argv, the `error:` text (its first lines), the usage
 * line shown, and the code. Checked by test/unit/cli/parse-args.test.ts and, run as processes, by
 * test/e2e/errors-startup.test.ts.
 */
export const USAGE_ERRORS: ReadonlyArray<{ argv: string[]; error: string; usage: string; code: UsageError["code"] }> = [
  { argv: ["--bogus"], error: "unexpected argument '--bogus' found", usage: ROOT, code: "usage_invalid_flag" },
  {
    argv: ["--jsn", "p"],
    error: "unexpected argument '--jsn' found\n\n  tip: a similar argument exists: '--json'",
    usage: ROOT,
    code: "usage_invalid_flag",
  },
  {
    argv: ["--full-auto", "do it"],
    error: "unexpected argument '--full-auto' found\n\n  tip: use '--sandbox workspace-write' instead",
    usage: ROOT,
    code: "usage_invalid_flag",
  },
  { argv: ["one", "two"], error: "unexpected argument 'two' found", usage: ROOT, code: "usage_invalid_flag" },
  {
    argv: ["--color", "bogus"],
    error: "invalid value 'bogus' for '--color <when>'\n  [possible values: always, never, auto]",
    usage: ROOT,
    code: "usage_invalid_value",
  },
  {
    argv: ["-s", "yolo"],
    error: "invalid value 'yolo' for '--sandbox <mode>'\n  [possible values: read-only, workspace-write, danger-full-access]",
    usage: ROOT,
    code: "usage_invalid_value",
  },
  {
    argv: ["--oss", "--local-provider", "vllm"],
    error: "invalid value 'vllm' for '--local-provider <provider>'\n  [possible values: lmstudio, ollama]",
    usage: ROOT,
    code: "usage_invalid_value",
  },
  {
    argv: ["--fail-on-findings", "P9", "review"],
    error: "invalid value 'P9' for '--fail-on-findings <priority>'\n  [possible values: P0, P1, P2, P3]",
    usage: ROOT,
    code: "usage_invalid_value",
  },
  { argv: ["-m"], error: "a value is required for '--model <model>' but none was supplied", usage: ROOT, code: "usage_invalid_value" },
  { argv: ["-m", " ", "p"], error: "invalid value ' ' for '--model <model>': expected a model name", usage: ROOT, code: "usage_invalid_value" },
  {
    argv: ["--max-output-tokens", "0", "p"],
    error: "invalid value '0' for '--max-output-tokens <n>': expected a whole number from 1 to 128000",
    usage: ROOT,
    code: "usage_invalid_value",
  },
  {
    argv: ["--timeout", "soon", "p"],
    error: "invalid value 'soon' for '--timeout <duration>': expected a duration such as 90s, 15m or 1h (at most 596h)",
    usage: ROOT,
    code: "usage_invalid_value",
  },
  {
    argv: ["--idle-timeout", "1000h", "p"],
    error: "invalid value '1000h' for '--idle-timeout <duration>': expected a duration such as 90s, 15m or 1h (at most 596h)",
    usage: ROOT,
    code: "usage_invalid_value",
  },
  { argv: ["--max-turns", "0", "p"], error: "invalid value '0' for '--max-turns <n>': expected a whole number above 0", usage: ROOT, code: "usage_invalid_value" },
  { argv: ["--max-tokens", "1.5", "p"], error: "invalid value '1.5' for '--max-tokens <n>': expected a whole number above 0", usage: ROOT, code: "usage_invalid_value" },
  { argv: ["--max-cost-usd", "-1", "p"], error: "invalid value '-1' for '--max-cost-usd <x>': expected a number above 0", usage: ROOT, code: "usage_invalid_value" },
  {
    argv: ["--record", "a", "--replay", "b", "p"],
    error: "the argument '--record <dir>' cannot be used with '--replay <dir>'",
    usage: ROOT,
    code: "usage_invalid_flag",
  },
  { argv: ["--replay-lenient", "p"], error: "the argument '--replay-lenient' requires '--replay <dir>'", usage: ROOT, code: "usage_invalid_flag" },
  { argv: ["--json-summary", "p"], error: "the argument '--json-summary' requires '--json'", usage: ROOT, code: "usage_invalid_flag" },
  {
    argv: ["--fail-on-findings", "P1", "p"],
    error: "the argument '--fail-on-findings <priority>' requires the 'review' subcommand",
    usage: ROOT,
    code: "usage_invalid_flag",
  },
  { argv: ["help", "nosuch"], error: "unrecognized subcommand 'nosuch'", usage: ROOT, code: "usage_invalid_flag" },
  {
    argv: ["fork"],
    error: "the following required arguments were not provided:\n  <SESSION_ID>",
    usage: "codex-exec fork [OPTIONS] <SESSION_ID> [PROMPT]",
    code: "usage_invalid_flag",
  },
  { argv: ["fork", UUID0, "p", "extra"], error: "unexpected argument 'extra' found", usage: "codex-exec fork [OPTIONS] <SESSION_ID> [PROMPT]", code: "usage_invalid_flag" },
  { argv: ["resume", UUID0, "p", "extra"], error: "unexpected argument 'extra' found", usage: "codex-exec resume [OPTIONS] [SESSION_ID] [PROMPT]", code: "usage_invalid_flag" },
  { argv: ["resume", "--bogus"], error: "unexpected argument '--bogus' found", usage: "codex-exec resume [OPTIONS] [SESSION_ID] [PROMPT]", code: "usage_invalid_flag" },
  {
    argv: ["review", "--uncommitted", "--base", "main"],
    error: "the argument '--uncommitted' cannot be used with '--base <branch>'",
    usage: "codex-exec review [OPTIONS] [PROMPT]",
    code: "usage_invalid_flag",
  },
  {
    argv: ["review", "--title", "x"],
    error: "the argument '--title <title>' requires '--commit <sha>'",
    usage: "codex-exec review [OPTIONS] [PROMPT]",
    code: "usage_invalid_flag",
  },
  { argv: ["review", "a", "b"], error: "unexpected argument 'b' found", usage: "codex-exec review [OPTIONS] [PROMPT]", code: "usage_invalid_flag" },
  { argv: ["schema", "extra"], error: "unexpected argument 'extra' found", usage: "codex-exec schema [OPTIONS]", code: "usage_invalid_flag" },
];

/** clap's shape: the error, a blank line, the usage line, a blank line, the `--help` hint. */
export function clapShaped(error: string, usage: string): string {
  return `error: ${error}\n\nUsage: ${usage}\n\nFor more information, try '--help'.`;
}
