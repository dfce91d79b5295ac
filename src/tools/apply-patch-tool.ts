// `apply_patch`: verify a patch against the tree, check the sandbox, apply it all-or-nothing, report events.

import { z } from "../protocol/zod.js";
import type { FileChange } from "../protocol/index.js";
import { freeformApplyPatchSpec, functionApplyPatchSpec } from "./apply-patch/apply-patch-specs.js";
import { applyPlan } from "./apply-patch/apply-plan.js";
import { nodePatchFs } from "./apply-patch/node-patch-fs.js";
import { formatParseError, parsePatch } from "./apply-patch/parse-patch.js";
import type { PatchFs } from "./apply-patch/patch-fs.js";
import { patchSummary } from "./apply-patch/patch-summary.js";
import type { PatchHunk } from "./apply-patch/patch-types.js";
import { planPatch, resolvePatchPath, type PlannedChange } from "./apply-patch/plan-patch.js";
import type { TurnDiffTracker } from "./apply-patch/turn-diff-tracker.js";
import { patchRejection, targetPaths } from "./apply-patch/writable-paths.js";
import { parseToolArgs } from "./parse-tool-args.js";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "./tool-router.js";

/** Dependencies of the tool; all optional (real disk, no turn diff, wall clock, os.tmpdir()). */
export interface ApplyPatchToolOptions {
  fs?: PatchFs;
  /** Where to record changes for `turn_diff`: a tracker, or a getter for the current turn's tracker. */
  turnDiff?: TurnDiffTracker | (() => TurnDiffTracker | undefined);
  /** Milliseconds clock for the reported wall time. */
  now?: () => number;
}

/** Outcome of one patch: the model text (freeform form) plus the raw run, if the patch was run. */
export interface ApplyPatchRun extends ToolResult {
  output: string;
  /** Set once writing was attempted: exit code 0/1 and the streams, for callers that format their own output. */
  exec: { exitCode: number; stdout: string; stderr: string; durationMs: number } | null;
}

const FunctionArgs = z.object({ input: z.string() });

/** The freeform (`type: custom`) apply_patch tool. */
export function applyPatchTool(options: ApplyPatchToolOptions = {}): ToolHandler {
  return {
    spec: freeformApplyPatchSpec(),
    parallelSafe: false,
    handle: async (call, ctx) => {
      const input = patchInput(call);
      if (!input.ok) return input.result;
      const run = await applyPatchText(input.value, ctx.cwd, ctx, options);
      return { output: run.output, success: run.success };
    },
  };
}

/** The JSON function (`type: function`, `{"input": …}`) apply_patch tool; its output is codex's JSON form. */
export function applyPatchFunctionTool(options: ApplyPatchToolOptions = {}): ToolHandler {
  return {
    spec: functionApplyPatchSpec(),
    parallelSafe: false,
    handle: async (call, ctx) => {
      const input = patchInput(call);
      if (!input.ok) return input.result;
      const run = await applyPatchText(input.value, ctx.cwd, ctx, options);
      if (run.exec === null) return { output: run.output, success: run.success };
      const { exitCode, stdout, stderr, durationMs } = run.exec;
      const seconds = wallSeconds(durationMs);
      const output = `{"output":${JSON.stringify(stdout + stderr)},"metadata":{"exit_code":${exitCode},"duration_seconds":${Number.isInteger(seconds) ? seconds.toFixed(1) : String(seconds)}}}`;
      return { output, success: run.success };
    },
  };
}

/**
 * Verify, sandbox-check and apply a patch whose relative paths resolve against `cwd` (which may differ
 * from `ctx.cwd`, e.g. for `cd dir && apply_patch <<EOF`). Also used by the shell tools when they
 * intercept an apply_patch command. Never throws for patch or file problems; they come back as text.
 */
export async function applyPatchText(
  patchText: string,
  cwd: string,
  ctx: ToolContext,
  options: ApplyPatchToolOptions = {},
): Promise<ApplyPatchRun> {
  const fs = options.fs ?? nodePatchFs;
  const now = options.now ?? (() => performance.now());
  const parsed = parsePatch(patchText);
  if (!parsed.ok) return verificationFailed(ctx, [], formatParseError(parsed.error));
  const planned = await planPatch(parsed.patch, cwd, fs);
  if (!planned.ok) return verificationFailed(ctx, byPath(parsed.patch.hunks.map((h) => hunkChange(h, cwd))), planned.error);
  const plan = planned.plan;
  const changes = byPath(plan.changes.map(toFileChange));

  const rejection = patchRejection(targetPaths(plan.changes), ctx.sandbox);
  if (rejection !== null) {
    ctx.emit({ type: "patch_apply_begin", call_id: ctx.callId, changes });
    ctx.emit({ type: "patch_apply_end", call_id: ctx.callId, changes, status: "declined", stdout: "", stderr: rejection });
    return { output: rejection, success: false, exec: null };
  }

  ctx.emit({ type: "patch_apply_begin", call_id: ctx.callId, changes });
  const tracker = typeof options.turnDiff === "function" ? options.turnDiff() : options.turnDiff;
  tracker?.track(plan);
  const started = now();
  const applied = await applyPlan(plan, fs);
  const durationMs = now() - started;
  const stdout = applied.ok ? patchSummary(plan.changes) : "";
  const stderr = applied.ok ? "" : `${applied.error}\n${applied.rolledBack ? ROLLED_BACK : ROLLBACK_FAILED}\n`;
  ctx.emit({ type: "patch_apply_end", call_id: ctx.callId, changes, status: applied.ok ? "completed" : "failed", stdout, stderr });
  ctx.logger.debug({ call_id: ctx.callId, files: changes.length, ok: applied.ok }, "apply_patch");

  if (applied.ok && tracker !== undefined) {
    const unified = await tracker.unifiedDiff(ctx.cwd);
    if (unified !== "") ctx.emit({ type: "turn_diff", unified_diff: unified });
  }
  const exitCode = applied.ok ? 0 : 1;
  return {
    output: `Exit code: ${exitCode}\nWall time: ${wallSeconds(durationMs)} seconds\nOutput:\n${stdout}${stderr}`,
    success: applied.ok,
    exec: { exitCode, stdout, stderr, durationMs },
  };
}

const ROLLED_BACK = "No files were changed: the files already written were restored.";
const ROLLBACK_FAILED = "Restoring the files already written failed too, so some of them may be changed.";

/** The patch text of a call: the freeform input, or `input` of the JSON arguments. */
function patchInput(call: ToolCall): { ok: true; value: string } | { ok: false; result: ToolResult } {
  if (call.kind === "custom") return { ok: true, value: call.input };
  const args = parseToolArgs(call.arguments, FunctionArgs);
  return args.ok ? { ok: true, value: args.value.input } : args;
}

/**
 * A patch that did not parse or verify: nothing was written. codex only tells the model; we also end a
 * `file_change` item as failed (with the changes the patch names, if it parsed), so the user sees it.
 */
function verificationFailed(ctx: ToolContext, changes: FileChange[], error: string): ApplyPatchRun {
  const output = `apply_patch verification failed: ${error}`;
  ctx.emit({ type: "patch_apply_end", call_id: ctx.callId, changes, status: "failed", stdout: "", stderr: `${output}\n` });
  return { output, success: false, exec: null };
}

/** Sorted by path (byte order), as codex lists a patch's changes in its items. */
function byPath(changes: FileChange[]): FileChange[] {
  return changes.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

/** What a parsed hunk would change, for a patch that did not verify. */
function hunkChange(h: PatchHunk, cwd: string): FileChange {
  const abs = resolvePatchPath(cwd, h.path);
  if (h.kind === "update" && h.move_path !== null) return { path: abs, kind: "update", move_path: resolvePatchPath(cwd, h.move_path) };
  return { path: abs, kind: h.kind };
}

function toFileChange(c: PlannedChange): FileChange {
  if (c.kind === "update" && c.absMovePath !== null) return { path: c.absPath, kind: "update", move_path: c.absMovePath };
  return { path: c.absPath, kind: c.kind };
}

/** Seconds rounded to a tenth, printed like codex (`0`, `0.1`, `2`). */
function wallSeconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
