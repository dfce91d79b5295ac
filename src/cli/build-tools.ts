// Composes the tools a session offers from the resolved config (the one place tools are chosen).

import type { ExecConfig } from "../config/resolve-config.js";
import type { ToolSpec } from "../protocol/index.js";
import { ToolRouter, type ToolHandler } from "../tools/tool-router.js";
import { updatePlanTool } from "../tools/update-plan-tool.js";
import { viewImageTool } from "../tools/view-image-tool.js";

export interface SessionTools {
  router: ToolRouter;
  /** Ends anything the tools left running (processes); safe to call twice. */
  shutdown(): Promise<void>;
}

/** The tool set, in codex's order: shell, update_plan, apply_patch, web_search, view_image. */
export function buildTools(config: ExecConfig): SessionTools {
  const handlers: ToolHandler[] = [updatePlanTool(), viewImageTool()];
  const serverSide: ToolSpec[] = [];
  if (config.webSearch !== "disabled") {
    serverSide.push({ type: "web_search", external_web_access: config.webSearch === "live" });
  }
  return { router: new ToolRouter(handlers, serverSide), shutdown: async () => undefined };
}
