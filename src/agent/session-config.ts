// What a Codex session is started with: resolved settings plus its injected dependencies.

import type { ModelClient } from "../model/model-client.js";
import type {
  ApprovalPolicy,
  Logger,
  ReasoningEffort,
  ReasoningSummary,
  ModelPrice,
  ResponseItem,
  RolloutRecorder,
  SandboxPolicy,
  SessionMeta,
  TokenUsage,
} from "../protocol/index.js";
import type { ToolRouter } from "../tools/tool-router.js";
import type { Clock } from "./clock.js";

export interface TurnBudget {
  /** Model requests (sampling rounds) per turn. */
  maxRequests: number | null;
  /** Tokens used by the turn, counted as `tokens used` counts them: uncached input plus output. */
  maxTokens: number | null;
  /** Dollars spent by the turn, at `price`. */
  maxCostUsd: number | null;
  price: ModelPrice | null;
}

export interface SessionConfig {
  threadId: string;
  cwd: string;
  model: string;
  modelProviderId: string;
  approvalPolicy: ApprovalPolicy;
  sandbox: SandboxPolicy;
  sandboxSummary: string;
  reasoningEffort: ReasoningEffort | null;
  reasoningSummary: ReasoningSummary | null;
  responsesWire: boolean;
  baseInstructions: string;
  requestMaxRetries: number;
  streamMaxRetries: number;
  /**
   * Limits of one turn; crossing one fails the turn with code `budget`: before another request, and for
   * tokens and cost already before the tool calls of the response that crossed run.
   */
  budget: TurnBudget;
  /** Compact the history once a request used this many tokens; null never compacts. */
  autoCompactTokenLimit: number | null;
  retryBaseDelayMs: number;
  /** Shown as warnings right after SessionConfigured (e.g. ignored config keys). */
  startupWarnings: readonly string[];
  /** Recorded before the first user message of a new thread (permissions, AGENTS.md, environment). */
  initialContext: readonly ResponseItem[];
  /** History and usage of a resumed or forked thread; empty for a new one. */
  initialHistory: readonly ResponseItem[];
  initialUsage: TokenUsage;
  /** Tokens of the stored thread's last request (0 for a new thread). */
  initialLastTokenTotal: number;
  /** Written as the first rollout line of a new thread (null when appending to an existing rollout). */
  sessionMeta: SessionMeta | null;
  /** Write `initialHistory` into the rollout (a fork's new file starts with the source's history). */
  recordInitialHistory: boolean;
}

/** Everything with side effects, passed in so tests can drive a session without a process. */
export interface AgentDeps {
  /** Builds the model client once the thread id is known. */
  modelClient: ModelClient;
  tools: ToolRouter;
  clock: Clock;
  random: () => number;
  logger: Logger;
  /** Where the thread is recorded (a no-op recorder with path null for --ephemeral). */
  rollout: RolloutRecorder;
}
