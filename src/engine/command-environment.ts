// The environment the agent's commands start from: the shell environment policy, minus the credentials codex-exec itself uses.

import type { ExecConfig } from "../config/resolve-config.js";
import { shellEnvironment } from "../sandbox/shell-environment.js";
import type { PreparedRun } from "./prepare-run.js";

/** Agent runs and `codex-exec sandbox` alike: API keys and `.env` variables stay out unless `set` names them. */
export function commandEnvironment(prepared: Pick<PreparedRun, "env" | "config" | "dotenvKeys">): Record<string, string> {
  return shellEnvironment(prepared.env, prepared.config.shellEnvironment, [...apiKeyVariables(prepared.config), ...prepared.dotenvKeys]);
}

function apiKeyVariables(config: ExecConfig): string[] {
  return ["CODEX_API_KEY", "OPENAI_API_KEY", ...(config.provider.envKey ? [config.provider.envKey] : [])];
}
