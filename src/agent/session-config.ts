// What a Codex session is started with: resolved settings plus its injected dependencies.

import type { ModelClient } from "../model/model-client.js";
import type {
  ApprovalPolicy,
  Logger,
  ReasoningEffort,
  ReasoningSummary,
  SandboxPolicy,
} from "../protocol/index.js";
import type { ToolRouter } from "../tools/tool-router.js";
import type { Clock } from "./clock.js";

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
  retryBaseDelayMs: number;
  /** Shown as warnings right after SessionConfigured (e.g. ignored config keys). */
  startupWarnings: readonly string[];
}

/** Everything with side effects, passed in so tests can drive a session without a process. */
export interface AgentDeps {
  /** Builds the model client once the thread id is known. */
  modelClient: ModelClient;
  tools: ToolRouter;
  clock: Clock;
  random: () => number;
  logger: Logger;
}
