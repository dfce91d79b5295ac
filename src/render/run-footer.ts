// The last lines of the human transcript: the exit code and why, then what the run did, for a CI log reader.

import { tokensUsedText, type RunSummary } from "../protocol/index.js";
import type { Style } from "./style.js";

/** A reason longer than this is cut, so the footer stays one line however long an API error is. */
const MAX_REASON_CHARS = 200;

/** `exit <code>: <reason>` and a line of facts: files changed, commands, duration, tokens, cost when known. */
export function runFooter(summary: RunSummary, s: Style): string {
  const ok = summary.exit_code === 0;
  const head = `exit ${summary.exit_code}: ${oneLine(reasonOf(summary))}`;
  const commands = summary.commands.failed > 0 ? `${summary.commands.run} run, ${summary.commands.failed} failed` : `${summary.commands.run} run`;
  const facts = [
    `files changed ${summary.files_changed.length}`,
    `commands ${commands}`,
    formatSeconds(summary.duration_ms),
    // Counted as `tokens used` counts them: input not served from cache, plus output.
    `tokens ${tokensUsedText(summary.usage)}`,
    ...(summary.cost_usd === null ? [] : [`cost $${summary.cost_usd.toFixed(4)}`]),
  ];
  return `${ok ? s.green(s.bold(head)) : s.red(s.bold(head))}\n${s.dim(facts.join(" · "))}\n`;
}

function reasonOf(summary: RunSummary): string {
  if (summary.exit_code === 0) return "the turn completed";
  const error = summary.error;
  if (error === null) return summary.status.replace("_", " ");
  if (summary.status === "failed" && summary.exit_code === 1) return `the turn failed (${error.code}): ${error.message}`;
  return error.message;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= MAX_REASON_CHARS ? flat : `${flat.slice(0, MAX_REASON_CHARS - 1)}…`;
}

/** `4.2s`, `3m 05s`, `1h 02m`. */
export function formatSeconds(ms: number): string {
  const total = ms / 1000;
  if (total < 60) return `${total.toFixed(1)}s`;
  const m = Math.floor(total / 60);
  if (m < 60) return `${m}m ${String(Math.floor(total % 60)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}
