// Collects what a run did (from its events) and turns it into the summary record on any exit path.

import path from "node:path";
import { fsErrorReason, makeDirs, writeFileAtomic } from "./user-paths.js";
import {
  costUsd,
  emptyUsage,
  SCHEMA_VERSION,
  type EventMsg,
  type ModelPrice,
  type ReviewOutput,
  type RunStatus,
  type RunSummary,
  type TokenUsage,
} from "../protocol/index.js";

/** The tools `--fail-on-tool-error` is about: commands (and patches sent through them) and patches. */
const COUNTED_TOOLS: ReadonlySet<string> = new Set(["exec_command", "apply_patch"]);

/** Mutable per-run facts; `observe` is fed every session event. */
export class RunReport {
  threadId: string | null = null;
  finalMessage: string | null = null;
  usage: TokenUsage = emptyUsage();
  usageAtStart: TokenUsage = emptyUsage();
  price: ModelPrice | null = null;
  modelRequests = 0;
  commandsRun = 0;
  commandsFailed = 0;
  /**
   * Command and patch calls the model was told failed, including those that never ran (a patch that did
   * not verify). Every failed, declined or unverified patch is one of these, so patches have no count of their own.
   */
  toolCallsFailed = 0;
  review: ReviewOutput | null = null;
  error: { code: string; message: string } | null = null;
  /** The sandbox mode and backend, once the session started. */
  sandbox: { mode: string; backend: string } | null = null;
  private readonly files = new Set<string>();

  constructor(private readonly startedAt: number) {}

  observe(msg: EventMsg): void {
    switch (msg.type) {
      case "token_count":
        this.usage = msg.total;
        break;
      case "exec_command_end":
        this.commandsRun += 1;
        if (msg.status !== "completed") this.commandsFailed += 1;
        break;
      case "patch_apply_end":
        if (msg.status === "completed") for (const c of msg.changes) this.files.add(c.move_path ?? c.path);
        break;
      case "tool_call_end":
        if (!msg.success && COUNTED_TOOLS.has(msg.tool)) this.toolCallsFailed += 1;
        break;
      case "review_output":
        this.review = msg.review;
        break;
      case "task_complete":
        if (msg.error) this.error = { code: msg.error.code, message: msg.error.message };
        this.finalMessage = msg.status === "completed" ? msg.last_agent_message : null;
        break;
      default:
        break;
    }
  }

  /** Whether a command or patch of the run failed (for `--fail-on-tool-error`). */
  get toolFailed(): boolean {
    return this.commandsFailed > 0 || this.toolCallsFailed > 0;
  }

  /** The record; usage and cost cover this run (not earlier turns of a resumed thread). */
  summary(status: RunStatus, exitCode: number, now: number): RunSummary {
    const u = this.usage;
    const s = this.usageAtStart;
    const used: TokenUsage = {
      input_tokens: u.input_tokens - s.input_tokens,
      cached_input_tokens: u.cached_input_tokens - s.cached_input_tokens,
      cache_write_input_tokens: u.cache_write_input_tokens - s.cache_write_input_tokens,
      output_tokens: u.output_tokens - s.output_tokens,
      reasoning_output_tokens: u.reasoning_output_tokens - s.reasoning_output_tokens,
    };
    return {
      schema_version: SCHEMA_VERSION,
      status,
      exit_code: exitCode,
      // A completed turn has no error, except the opt-in gates that fail it (exit 4 `tool_error`, 5 `review_findings`).
      error: status === "completed" && exitCode === 0 ? null : this.error,
      thread_id: this.threadId,
      final_message: status === "completed" ? this.finalMessage : null,
      usage: used,
      cost_usd: costUsd(used, this.price),
      duration_ms: Math.max(0, Math.round(now - this.startedAt)),
      model_requests: this.modelRequests,
      commands: { run: this.commandsRun, failed: this.commandsFailed },
      files_changed: [...this.files].sort(),
      review: this.review,
      sandbox: this.sandbox,
    };
  }
}

/** Write the record atomically (temp file + rename); failures are reported, never thrown. */
export function writeSummaryFile(file: string, summary: RunSummary): string | null {
  try {
    makeDirs(path.dirname(path.resolve(file)));
    writeFileAtomic(file, `${JSON.stringify(summary, null, 2)}\n`);
    return null;
  } catch (err) {
    return `warning: could not write the summary file ${file}: ${fsErrorReason(err)}`;
  }
}
