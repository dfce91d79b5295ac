// What the unified-exec tools are built with: the session's environment, thread, truncation and hooks.

import type { ToolContext, ToolResult } from "../tool-router.js";
import type { TruncationPolicy } from "../truncate.js";
import type { HeartbeatTiming } from "./heartbeat-timing.js";
import type { ProcessManager } from "./process-manager.js";

export interface UnifiedExecOptions {
  /** The session's process manager (one per session; the cli calls its `terminateAll` on exit). */
  manager: ProcessManager;
  /** Environment children inherit before the forced variables are applied. */
  env: Readonly<Record<string, string | undefined>>;
  threadId: string;
  /** The model's truncation policy; `max_output_tokens` never exceeds it. */
  truncation: TruncationPolicy;
  /** Wraps the shell argv before spawning (the sandbox); identity by default. */
  wrapCommand?: (argv: string[], ctx: ToolContext) => string[] | Promise<string[]>;
  /** Runs a patch found in an `apply_patch <<EOF` command instead of the shell. */
  interceptApplyPatch?: (patchText: string, dir: string, ctx: ToolContext) => Promise<ToolResult>;
  /** When a running command emits `exec_command_progress`; absent or null: never. */
  heartbeat?: HeartbeatTiming | null;
}

/** Upstream's default output cap for both tools. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 10_000;

/** The model's requested token cap, bounded by the truncation policy. */
export function effectiveMaxTokens(requested: number | undefined, policy: TruncationPolicy): number {
  const budget = policy.mode === "tokens" ? policy.limit : Math.ceil(policy.limit / 4);
  const wanted = requested === undefined || !Number.isFinite(requested) ? DEFAULT_MAX_OUTPUT_TOKENS : Math.max(0, Math.floor(requested));
  return Math.min(wanted, Math.max(0, Math.floor(budget)));
}

/** `value` (or `fallback`) clamped to [min, max], as whole milliseconds. */
export function clampMs(value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value === undefined || !Number.isFinite(value) ? fallback : Math.floor(value);
  return Math.min(max, Math.max(min, v));
}
