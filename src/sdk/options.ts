// Options of the TypeScript API, named as in @openai/codex-sdk so code written for it keeps working.

import type { ReasoningEffort, SandboxMode } from "../protocol/index.js";

export type CodexConfigValue = string | number | boolean | CodexConfigValue[] | CodexConfigObject;
export type CodexConfigObject = { [key: string]: CodexConfigValue };

export interface CodexOptions {
  /** Sent as the API key (takes precedence over the environment). */
  apiKey?: string;
  /** Base URL of the OpenAI-compatible API (`openai_base_url`). */
  baseUrl?: string;
  /** config.toml overrides, as an object (`{ model_reasoning_summary: "auto" }`). */
  config?: CodexConfigObject;
  /** The environment runs see; by default the process's. When given, nothing is inherited. */
  env?: Record<string, string>;
}

export type ApprovalMode = "never" | "on-request" | "on-failure" | "untrusted";
export type WebSearchMode = "disabled" | "cached" | "live";
export type ModelReasoningEffort = ReasoningEffort;

export interface ThreadOptions {
  model?: string;
  sandboxMode?: SandboxMode;
  workingDirectory?: string;
  skipGitRepoCheck?: boolean;
  modelReasoningEffort?: ModelReasoningEffort;
  networkAccessEnabled?: boolean;
  webSearchMode?: WebSearchMode;
  webSearchEnabled?: boolean;
  /** Accepted for compatibility: runs never ask for approval (policy `never`). */
  approvalPolicy?: ApprovalMode;
  additionalDirectories?: string[];
  /** Limits of each turn, as the CLI's flags: the turn fails with code `timeout`, `idle` or `budget`. */
  timeoutMs?: number | undefined;
  idleTimeoutMs?: number | undefined;
  maxTurns?: number | undefined;
  maxTokens?: number | undefined;
  maxCostUsd?: number | undefined;
}

export interface TurnOptions {
  /** JSON Schema the final answer must match (made strict and checked, as `--output-schema`). */
  outputSchema?: unknown;
  /** Aborts the turn (like Ctrl-C); the run then reports it as interrupted. */
  signal?: AbortSignal;
}

/** Input of a turn: text, or text parts and local images. */
export type UserInput = { type: "text"; text: string } | { type: "local_image"; path: string };
export type Input = string | UserInput[];
