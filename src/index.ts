// The package's TypeScript API: the @openai/codex-sdk shape, in-process, plus generateCode.

export { Codex, Thread } from "./sdk/codex.js";
export type { RunResult, RunStreamedResult, StreamedTurn, Turn } from "./sdk/codex.js";
export { generateCode } from "./sdk/generate-code.js";
export type { GenerateCodeInput, GenerateCodeResult } from "./sdk/generate-code.js";
export type {
  ApprovalMode,
  CodexConfigObject,
  CodexConfigValue,
  CodexOptions,
  Input,
  ModelReasoningEffort,
  ThreadOptions,
  TurnOptions,
  UserInput,
  WebSearchMode,
} from "./sdk/options.js";
export type { SandboxMode, ThreadEvent, ThreadItem, TokenUsage as Usage } from "./protocol/index.js";
export {
  CodexExecError,
  ConfigError,
  ModelApiError,
  StartupError,
  StreamError,
  TurnFailedError,
  UsageError,
} from "./errors.js";
