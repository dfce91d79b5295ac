// Builds the unified-exec pair (exec_command + write_stdin) over one new process manager for a session.

import type { ToolHandler } from "../tool-router.js";
import { createExecCommandHandler } from "./exec-command-handler.js";
import type { UnifiedExecOptions } from "./exec-options.js";
import type { ProcessManagerOptions } from "./process-manager.js";
import { ProcessManager } from "./process-manager.js";
import { createWriteStdinHandler } from "./write-stdin-handler.js";

/** exec_command and write_stdin sharing a fresh manager; call `manager.terminateAll()` when the session ends. */
export function createUnifiedExecTools(
  options: Omit<UnifiedExecOptions, "manager"> & { managerOptions?: ProcessManagerOptions },
): { manager: ProcessManager; handlers: [ToolHandler, ToolHandler] } {
  const { managerOptions, ...rest } = options;
  const manager = new ProcessManager(managerOptions);
  const shared: UnifiedExecOptions = { ...rest, manager };
  return { manager, handlers: [createExecCommandHandler(shared), createWriteStdinHandler(shared)] };
}
