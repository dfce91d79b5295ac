// Entry point of the MCP layer (loaded lazily): starts all servers in parallel and turns them into tools.

import { McpStartupError } from "../../errors.js";
import type { McpServerConfig } from "../../protocol/index.js";
import type { ToolHandler } from "../tool-router.js";
import { connectMcpServer, type ConnectDeps } from "./connect-mcp-server.js";
import { loadMcpSdk } from "./load-mcp-sdk.js";
import type { McpConnection } from "./mcp-connection.js";
import { mcpResourceTools } from "./mcp-resource-tools.js";
import { mcpToolHandler } from "./mcp-tool-handler.js";
import { flatToolNames, namespaceAliases } from "./mcp-tool-names.js";

/** The started servers as tools, plus what to tell the user. */
export interface McpTools {
  /** `list_mcp_resources`, `list_mcp_resource_templates`, `read_mcp_resource`. */
  resourceTools: ToolHandler[];
  /** One function tool per MCP tool, sorted by name. */
  serverTools: ToolHandler[];
  /** One line per server that did not start. */
  warnings: string[];
  /** Closes every client and ends every server process; safe to call twice. */
  shutdown(): Promise<void>;
}

/**
 * Start every server concurrently, each bounded by its startup timeout. A server that fails becomes a
 * warning; if any `required` server fails, everything is shut down and McpStartupError is thrown.
 */
export async function startMcpServers(servers: readonly McpServerConfig[], deps: Omit<ConnectDeps, "sdk">): Promise<McpTools> {
  const sdk = await loadMcpSdk();
  const results = await Promise.all(servers.map((server) => connectMcpServer(server, { ...deps, sdk })));
  const connections: Array<{ config: McpServerConfig; connection: McpConnection }> = [];
  const closing: Array<Promise<void>> = [];
  const warnings: string[] = [];
  const requiredFailures: Array<{ server: string; reason: string }> = [];
  results.forEach((result, i) => {
    const config = servers[i];
    if (!config) return;
    if (result.ok) {
      connections.push({ config, connection: result.connection });
      return;
    }
    closing.push(result.closing);
    deps.logger.warn({ server: config.name, reason: result.reason }, "mcp server failed to start");
    if (config.required) requiredFailures.push({ server: config.name, reason: result.reason });
    const hint = result.timedOut ? `; raise \`startup_timeout_sec\` in [mcp_servers.${config.name}] to wait longer` : "";
    warnings.push(`MCP client for \`${config.name}\` failed to start: ${result.reason}${hint}`);
  });
  let stopped: Promise<void> | null = null;
  const shutdown = (): Promise<void> =>
    (stopped ??= Promise.all([...connections.map((c) => c.connection.close()), ...closing]).then(() => undefined));
  if (requiredFailures.length > 0) {
    await shutdown();
    throw new McpStartupError(requiredFailures);
  }
  return {
    resourceTools: mcpResourceTools(connections.map((c) => c.connection)),
    serverTools: serverTools(connections),
    warnings,
    shutdown,
  };
}

/** The allowed tools of every server, named `mcp__<server>__<tool>` and sorted by that name. */
function serverTools(connections: ReadonlyArray<{ config: McpServerConfig; connection: McpConnection }>): ToolHandler[] {
  const offered = connections.flatMap(({ config, connection }) =>
    connection.tools
      .filter((t) => (config.enabledTools === null || config.enabledTools.includes(t.name)) && !config.disabledTools.includes(t.name))
      .map((tool) => ({ config, connection, tool })),
  );
  const names = flatToolNames(offered.map((o) => ({ server: o.config.name, tool: o.tool.name })));
  const handlers: ToolHandler[] = [];
  offered.forEach(({ config, connection, tool }, i) => {
    const name = names[i];
    if (name === null || name === undefined) return;
    handlers.push(
      mcpToolHandler(connection, tool, {
        name,
        aliases: namespaceAliases({ server: config.name, tool: tool.name }),
        parallelSafe: config.supportsParallelToolCalls,
      }),
    );
  });
  return handlers.sort((a, b) => compare(a.spec.name ?? "", b.spec.name ?? ""));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
