// What the engine needs to start a run: the command and the options that shape the session.

import type { ReasoningEffort, SandboxMode } from "../protocol/index.js";
import type { OssProviderId } from "./oss-provider.js";

/** What to run: a new thread, or a turn on a stored one. */
export type ExecCommand =
  | { kind: "exec" }
  | { kind: "resume"; sessionId: string | undefined; last: boolean; all: boolean }
  /** `promptless`: no prompt, so the fork only copies the session (no turn, no model request, no key needed). */
  | { kind: "fork"; sessionId: string; promptless: boolean }
  | { kind: "review"; target: ReviewTargetArg };

/** The review target flags; a prompt without flags is custom review instructions. */
export type ReviewTargetArg =
  | { type: "uncommitted" }
  | { type: "base"; branch: string }
  | { type: "commit"; sha: string; title: string | undefined }
  | { type: "custom" };


/** The options of one run, as the CLI flags and the TypeScript API both express them. */
export interface EngineArgs {
  command: ExecCommand;
  /** Working directory, relative to the process's; undefined = the process's. */
  cd: string | undefined;
  /** `-c key=value` overrides, in order. */
  config: string[];
  profile: string | undefined;
  ignoreUserConfig: boolean;
  strictConfig: boolean;
  model: string | undefined;
  sandbox: SandboxMode | undefined;
  bypassSandbox: boolean;
  addDirs: string[];
  skipGitRepoCheck: boolean;
  ephemeral: boolean;
  reasoningEffort: ReasoningEffort | undefined;
  maxOutputTokens: number | undefined;
  /** Extra instructions: text, or `@FILE`. */
  instructions: string | undefined;
  oss: boolean;
  localProvider: OssProviderId | undefined;
  record: string | undefined;
  replay: string | undefined;
  replayLenient: boolean;
  /** Run limits (milliseconds, counts, dollars); undefined = none. */
  timeoutMs: number | undefined;
  idleTimeoutMs: number | undefined;
  maxTurns: number | undefined;
  maxTokens: number | undefined;
  maxCostUsd: number | undefined;
}
