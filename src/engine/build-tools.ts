// Composes the tools a session offers from the resolved config (the one place tools are chosen).

import type { ExecConfig } from "../config/resolve-config.js";
import type { ModelInfo } from "../model/model-info.js";
import type { Logger, ToolSpec } from "../protocol/index.js";
import { applyPatchFunctionTool, applyPatchText, applyPatchTool } from "../tools/apply-patch-tool.js";
import { nodePatchFs } from "../tools/apply-patch/node-patch-fs.js";
import { sandboxedPatchFs } from "../tools/apply-patch/sandboxed-patch-fs.js";
import { TurnDiffTracker } from "../tools/apply-patch/turn-diff-tracker.js";
import { ToolRouter, type ToolHandler } from "../tools/tool-router.js";
import type { McpTools } from "../tools/mcp/start-mcp-servers.js";
import type { HeartbeatTiming } from "../tools/unified-exec/heartbeat-timing.js";
import { createUnifiedExecTools } from "../tools/unified-exec/unified-exec-tools.js";
import { updatePlanTool } from "../tools/update-plan-tool.js";
import { viewImageTool } from "../tools/view-image-tool.js";

export interface SessionTools {
  router: ToolRouter;
  /** Startup warnings (MCP servers that did not start). */
  warnings: string[];
  /** Ends anything the tools left running (process groups, MCP servers); safe to call twice. */
  shutdown(): Promise<void>;
}

export interface BuildToolsInput {
  config: ExecConfig;
  modelInfo: ModelInfo;
  threadId: string;
  /** The environment commands inherit (after the shell environment policy). */
  env: Readonly<Record<string, string>>;
  /** Called with the size of each chunk a command prints (activity for `--idle-timeout`, memory pacing). */
  onToolOutput: (bytes: number) => void;
  /** When running commands emit heartbeats (`CODEX_EXEC_HEARTBEAT_MS`); null: never. */
  heartbeat: HeartbeatTiming | null;
  /** Wraps a command in the OS sandbox (`extraWrites`: files our patch writer may touch); throws when it cannot be confined. */
  wrapCommand: (argv: string[], cwd: string, extraWrites?: readonly string[]) => string[];
  /** Whether commands are confined at all (not danger-full-access): then apply_patch writes through the sandbox too. */
  confined: boolean;
  /** codex-exec's own environment (MCP `env_vars`, bearer tokens and header variables come from it). */
  parentEnv: Readonly<Record<string, string | undefined>>;
  /** What MCP servers over HTTP send requests with (the proxy-aware fetch); default: the global fetch. */
  mcpFetch?: typeof globalThis.fetch;
  /** Aborted when the run is interrupted during start-up: MCP servers stop starting. */
  signal?: AbortSignal;
  /** Our version, sent as the MCP client version. */
  clientVersion: string;
  logger: Logger;
}

/**
 * The tool set, in codex's order: shell, MCP resource tools, update_plan, apply_patch, web_search,
 * view_image, MCP tools. MCP servers start here; throws McpStartupError when a required one fails.
 */
export async function buildTools(input: BuildToolsInput): Promise<SessionTools> {
  const { config, modelInfo, threadId, env, wrapCommand, onToolOutput } = input;
  const mcp = await startMcp(input);
  const turnDiff = new TurnDiffTracker(nodePatchFs);
  const patchOptions = { fs: input.confined ? sandboxedPatchFs(nodePatchFs, wrapCommand) : nodePatchFs, turnDiff };
  const exec = createUnifiedExecTools({
    env: { ...env },
    threadId,
    truncation: modelInfo.truncation,
    wrapCommand: (argv, ctx) => wrapCommand(argv, ctx.cwd),
    interceptApplyPatch: (patch, dir, ctx) => applyPatchText(patch, dir, ctx, patchOptions),
    managerOptions: { onOutput: onToolOutput },
    heartbeat: input.heartbeat,
  });
  // Custom (freeform) and server-side tools exist only on the Responses wire.
  const responsesWire = config.provider.wireApi === "responses";
  const handlers: ToolHandler[] = [
    ...exec.handlers,
    ...(mcp?.resourceTools ?? []),
    updatePlanTool(),
    responsesWire && modelInfo.applyPatchTool === "freeform" ? applyPatchTool(patchOptions) : applyPatchFunctionTool(patchOptions),
    viewImageTool(),
    ...(mcp?.serverTools ?? []),
  ];
  const serverSide: ToolSpec[] = [];
  if (config.webSearch !== "disabled" && responsesWire) {
    serverSide.push({ type: "web_search", external_web_access: config.webSearch === "live" });
  }
  return {
    router: new ToolRouter(handlers, serverSide, { onTurnStart: () => turnDiff.reset(), truncation: modelInfo.truncation }),
    warnings: mcp?.warnings ?? [],
    shutdown: async () => {
      await Promise.all([exec.manager.terminateAll(), mcp?.shutdown()]);
    },
  };
}

/** MCP servers, if any are enabled. The MCP code (and the SDK) is loaded only then: plain runs never import it. */
async function startMcp(input: BuildToolsInput): Promise<McpTools | null> {
  if (input.config.mcpServers.length === 0) return null;
  const { startMcpServers } = await import("../tools/mcp/start-mcp-servers.js");
  return startMcpServers(input.config.mcpServers, {
    parentEnv: input.parentEnv,
    ...(input.mcpFetch ? { fetch: input.mcpFetch } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    cwd: input.config.cwd,
    clientVersion: input.clientVersion,
    logger: input.logger,
  });
}
