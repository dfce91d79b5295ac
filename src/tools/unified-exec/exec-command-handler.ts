// The exec_command tool: run a shell command, return its output or a session id to continue with write_stdin.

import path from "node:path";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "../tool-router.js";
import { detectApplyPatchInvocation } from "../apply-patch/detect-invocation.js";
import { buildExecEnv, defaultShell, shellArgv } from "./exec-env.js";
import { startHeartbeat } from "./exec-heartbeat.js";
import type { UnifiedExecOptions } from "./exec-options.js";
import { clampMs, effectiveMaxTokens } from "./exec-options.js";
import { isBlockedByPolicy } from "./exec-policy.js";
import type { ExecProcess } from "./exec-process.js";
import { formatExecOutput, newChunkId } from "./format-exec-output.js";
import { shlexJoin } from "./shlex-join.js";
import { ExecCommandArgs } from "./tool-args.js";
import { functionSpec } from "../function-spec.js";
import { parseCallArgs } from "../parse-tool-args.js";

const DESCRIPTION =
  "Run a shell command. Returns its output and exit code, or, if it is still running when the wait ends, " +
  "a session ID to pass to write_stdin to send input or read more output.";

const DEFAULT_YIELD_MS = 10_000;
const MIN_YIELD_MS = 250;
const MAX_YIELD_MS = 30_000;

/** The exec_command handler over `options.manager`. */
export function createExecCommandHandler(options: UnifiedExecOptions): ToolHandler {
  return {
    spec: functionSpec("exec_command", DESCRIPTION, ExecCommandArgs),
    parallelSafe: true,
    handle: (call, ctx) => execCommand(call, ctx, options),
  };
}

async function execCommand(call: ToolCall, ctx: ToolContext, options: UnifiedExecOptions): Promise<ToolResult> {
  const parsed = parseCallArgs(call, ExecCommandArgs);
  if (!parsed.ok) return parsed.result;
  const args = parsed.value;
  const cwd = path.resolve(ctx.cwd, args.workdir ?? ".");
  const argv = shellArgv(args.shell ?? defaultShell(options.env), args.login ?? true, args.cmd);
  const command = shlexJoin(argv);

  const patch = options.interceptApplyPatch ? detectApplyPatchInvocation(argv, cwd) : null;
  if (patch && options.interceptApplyPatch) return options.interceptApplyPatch(patch.patch, patch.cwd, ctx);

  if (isBlockedByPolicy(argv, ctx.sandbox.mode)) return declined(ctx, command, cwd, `\`${command}\` rejected: blocked by policy`);

  const env = buildExecEnv(options.env, options.threadId || ctx.threadId, ctx.sandbox.networkAccess);
  let spawnArgv: string[];
  try {
    spawnArgv = options.wrapCommand ? await options.wrapCommand([...argv], { ...ctx, cwd }) : argv;
  } catch (err) {
    // No working sandbox: fail closed, never run the command unconfined.
    return declined(ctx, command, cwd, err instanceof Error ? err.message : String(err));
  }
  const callId = ctx.callId;
  const emit = ctx.emit;
  const response = await options.manager.exec({
    argv: spawnArgv,
    cwd,
    env,
    tty: args.tty ?? false,
    yieldMs: clampMs(args.yield_time_ms, DEFAULT_YIELD_MS, MIN_YIELD_MS, MAX_YIELD_MS),
    signal: ctx.signal,
    onStart: (proc: ExecProcess) => {
      emit({ type: "exec_command_begin", call_id: callId, command, cwd });
      const timing = options.heartbeat;
      if (timing) {
        startHeartbeat(proc, timing, (h) =>
          emit({ type: "exec_command_progress", call_id: callId, elapsed_ms: h.elapsedMs, last_line: h.lastLine }),
        );
      }
    },
    // Runs when the process finishes, during this call or after it (then the item completes late, same call id).
    onFinish: (proc: ExecProcess, exitCode: number) =>
      emit({
        type: "exec_command_end",
        call_id: callId,
        command,
        cwd,
        aggregated_output: transcriptText(proc),
        exit_code: exitCode,
        duration_ms: Date.now() - proc.startedAt,
        status: exitCode === 0 ? "completed" : "failed",
      }),
  });
  if (response.kind !== "output") {
    const why = response.kind === "spawn_failed" ? response.message : "process vanished";
    return { output: `exec_command failed for \`${command}\`: ${why}`, success: false };
  }
  const text = formatExecOutput({
    chunkId: newChunkId(),
    wallTimeMs: response.wallTimeMs,
    exitCode: response.exitCode,
    sessionId: response.sessionId,
    output: response.output,
    maxOutputTokens: effectiveMaxTokens(args.max_output_tokens, options.truncation),
    note: response.note,
  });
  return { output: text, success: response.exitCode === null || response.exitCode === 0 };
}

/** Everything the process printed (bounded), with a marker where the middle was dropped. */
function transcriptText(proc: ExecProcess): string {
  const t = proc.transcriptOutput();
  if (t.omittedBytes === 0) return t.head;
  return `${t.head}…${Math.ceil(t.omittedBytes / 4)} tokens truncated…${t.tail}`;
}

/** Report a command that was not run: a declined item, and the reason as the model's output. */
function declined(ctx: ToolContext, command: string, cwd: string, output: string): ToolResult {
  ctx.emit({ type: "exec_command_begin", call_id: ctx.callId, command, cwd });
  ctx.emit({
    type: "exec_command_end",
    call_id: ctx.callId,
    command,
    cwd,
    aggregated_output: output,
    exit_code: null,
    duration_ms: 0,
    status: "declined",
  });
  return { output, success: false };
}
