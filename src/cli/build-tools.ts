// Composes the tools a session offers from the resolved config (the one place tools are chosen).

import type { ExecConfig } from "../config/resolve-config.js";
import type { ModelInfo } from "../model/model-info.js";
import type { ToolSpec } from "../protocol/index.js";
import { applyPatchFunctionTool, applyPatchText, applyPatchTool } from "../tools/apply-patch-tool.js";
import { nodePatchFs } from "../tools/apply-patch/node-patch-fs.js";
import { TurnDiffTracker } from "../tools/apply-patch/turn-diff-tracker.js";
import { ToolRouter, type ToolHandler } from "../tools/tool-router.js";
import { createUnifiedExecTools } from "../tools/unified-exec/unified-exec-tools.js";
import { updatePlanTool } from "../tools/update-plan-tool.js";
import { viewImageTool } from "../tools/view-image-tool.js";

export interface SessionTools {
  router: ToolRouter;
  /** Ends anything the tools left running (process groups); safe to call twice. */
  shutdown(): Promise<void>;
}

export interface BuildToolsInput {
  config: ExecConfig;
  modelInfo: ModelInfo;
  threadId: string;
  /** The environment commands inherit (after the shell environment policy). */
  env: Readonly<Record<string, string>>;
  /** Wraps a command in the OS sandbox; throws when it cannot be confined. */
  wrapCommand: (argv: string[], cwd: string) => string[];
}

/** The tool set, in codex's order: shell, update_plan, apply_patch, web_search, view_image. */
export function buildTools({ config, modelInfo, threadId, env, wrapCommand }: BuildToolsInput): SessionTools {
  const turnDiff = new TurnDiffTracker(nodePatchFs);
  const patchOptions = { fs: nodePatchFs, turnDiff };
  const exec = createUnifiedExecTools({
    env: { ...env },
    threadId,
    truncation: modelInfo.truncation,
    wrapCommand: (argv, ctx) => wrapCommand(argv, ctx.cwd),
    interceptApplyPatch: (patch, dir, ctx) => applyPatchText(patch, dir, ctx, patchOptions),
  });
  const handlers: ToolHandler[] = [
    ...exec.handlers,
    updatePlanTool(),
    modelInfo.applyPatchTool === "freeform" ? applyPatchTool(patchOptions) : applyPatchFunctionTool(patchOptions),
    viewImageTool(),
  ];
  const serverSide: ToolSpec[] = [];
  if (config.webSearch !== "disabled") {
    serverSide.push({ type: "web_search", external_web_access: config.webSearch === "live" });
  }
  return {
    router: new ToolRouter(handlers, serverSide, { onTurnStart: () => turnDiff.reset() }),
    shutdown: () => exec.manager.terminateAll(),
  };
}
