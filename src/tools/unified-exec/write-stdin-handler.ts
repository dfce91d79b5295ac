// The write_stdin tool: send input to a running exec_command session and return what it printed since.

import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "../tool-router.js";
import type { UnifiedExecOptions } from "./exec-options.js";
import { clampMs, effectiveMaxTokens } from "./exec-options.js";
import { formatExecOutput, newChunkId } from "./format-exec-output.js";
import { WriteStdinArgs } from "./tool-args.js";
import { functionSpec } from "../function-spec.js";
import { parseCallArgs } from "../parse-tool-args.js";

const DESCRIPTION =
  "Send text to the stdin of a command started by exec_command and still running, then return the output " +
  "it produced since the last read. Send empty text to just wait for more output.";

const DEFAULT_YIELD_MS = 250;
const MIN_YIELD_MS = 250;
const MAX_YIELD_MS = 30_000;
// A poll without input waits longer: nothing will happen sooner because of it.
const MIN_POLL_MS = 5_000;
const MAX_POLL_MS = 300_000;

/** The write_stdin handler over `options.manager`. */
export function createWriteStdinHandler(options: Pick<UnifiedExecOptions, "manager" | "truncation">): ToolHandler {
  return {
    spec: functionSpec("write_stdin", DESCRIPTION, WriteStdinArgs),
    parallelSafe: false,
    handle: (call, ctx) => writeStdin(call, ctx, options),
  };
}

async function writeStdin(
  call: ToolCall,
  ctx: ToolContext,
  options: Pick<UnifiedExecOptions, "manager" | "truncation">,
): Promise<ToolResult> {
  const parsed = parseCallArgs(call, WriteStdinArgs);
  if (!parsed.ok) return parsed.result;
  const { session_id: sessionId, chars = "", yield_time_ms: yieldTime, max_output_tokens: maxTokens } = parsed.value;
  const yieldMs =
    chars === ""
      ? clampMs(yieldTime, DEFAULT_YIELD_MS, MIN_POLL_MS, MAX_POLL_MS)
      : clampMs(yieldTime, DEFAULT_YIELD_MS, MIN_YIELD_MS, MAX_YIELD_MS);
  const response = await options.manager.writeStdin(sessionId, chars, yieldMs, ctx.signal);
  if (response.kind === "stdin_closed") {
    return {
      output: `write_stdin failed: session ${sessionId} does not take input (it was started without tty: true); poll it with empty chars, or rerun the command with tty: true`,
      success: false,
    };
  }
  if (response.kind !== "output") return { output: `write_stdin failed: Unknown process id ${sessionId}`, success: false };
  const text = formatExecOutput({
    chunkId: newChunkId(),
    wallTimeMs: response.wallTimeMs,
    exitCode: response.exitCode,
    sessionId: response.sessionId,
    output: response.output,
    maxOutputTokens: effectiveMaxTokens(maxTokens, options.truncation),
  });
  return { output: text, success: response.exitCode === null || response.exitCode === 0 };
}
