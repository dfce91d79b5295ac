// What we know about a model family: which request parameters it accepts and its defaults.

import type { ReasoningEffort, ReasoningSummary } from "../protocol/index.js";

export interface ModelInfo {
  supportsReasoningSummaries: boolean;
  defaultReasoningEffort: ReasoningEffort | null;
  defaultReasoningSummary: ReasoningSummary;
  supportsVerbosity: boolean;
  defaultVerbosity: "low" | "medium" | "high" | null;
  supportsParallelToolCalls: boolean;
  contextWindow: number | null;
  /** How apply_patch is offered: a freeform (grammar) custom tool, or a JSON function. */
  applyPatchTool: "freeform" | "function";
  /** How tool output is budgeted before it is sent back (codex's truncation policy). */
  truncation: { mode: "tokens" | "bytes"; limit: number };
}

const GPT5: ModelInfo = {
  supportsReasoningSummaries: true,
  defaultReasoningEffort: "medium",
  defaultReasoningSummary: "none",
  supportsVerbosity: true,
  defaultVerbosity: "low",
  supportsParallelToolCalls: true,
  contextWindow: 272_000,
  applyPatchTool: "freeform",
  truncation: { mode: "tokens", limit: 10_000 },
};

const O_SERIES: ModelInfo = {
  ...GPT5,
  defaultReasoningSummary: "auto",
  supportsVerbosity: false,
  defaultVerbosity: null,
  contextWindow: 200_000,
};

const FALLBACK: ModelInfo = {
  supportsReasoningSummaries: false,
  defaultReasoningEffort: null,
  defaultReasoningSummary: "auto",
  supportsVerbosity: false,
  defaultVerbosity: null,
  supportsParallelToolCalls: false,
  contextWindow: null,
  applyPatchTool: "function",
  truncation: { mode: "bytes", limit: 10_000 },
};

// Longest matching prefix wins, as in codex's catalog lookup. Where codex's catalog differs from the
// gpt-5 family defaults (core.md §1.2), the model has its own entry.
const CATALOG: ReadonlyArray<readonly [string, ModelInfo]> = [
  ["gpt-5", GPT5],
  ["gpt-5.4", { ...GPT5, defaultReasoningEffort: "xhigh" }],
  ["gpt-5.4-mini", { ...GPT5, defaultVerbosity: "medium" }],
  ["gpt-5.2", { ...GPT5, defaultReasoningSummary: "auto", truncation: { mode: "bytes", limit: 10_000 } }],
  ["codex-", GPT5],
  ["o3", O_SERIES],
  ["o4-mini", O_SERIES],
  ["gpt-4.1", { ...FALLBACK, supportsParallelToolCalls: true, contextWindow: 1_047_576 }],
  ["gpt-4o", { ...FALLBACK, supportsParallelToolCalls: true, contextWindow: 128_000 }],
];

/** Model metadata for a slug; unknown models get conservative fallback metadata. */
export function modelInfoFor(slug: string): ModelInfo {
  let best: readonly [string, ModelInfo] | undefined;
  for (const entry of CATALOG) {
    if (slug.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best ? best[1] : FALLBACK;
}
