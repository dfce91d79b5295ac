// The interface the MCP tools talk to: one started server, its tools, and requests that report failures as data.

/** A tool as the server listed it. */
export interface McpToolInfo {
  name: string;
  description: string | null;
  /** The tool's JSON Schema for its arguments, as listed. */
  inputSchema: Record<string, unknown>;
}

/** An MCP `CallToolResult` (content blocks are passed through untouched). */
export interface McpCallResult {
  content: unknown[];
  structuredContent?: unknown;
  isError?: boolean;
  _meta?: unknown;
}

/** A request's result, or why it failed (transport error, timeout, server error): never thrown. */
export type McpOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** A page of a resources or templates listing. */
export interface McpPage {
  items: Array<Record<string, unknown>>;
  nextCursor?: string;
}

/** One connected server. Every request is bounded by the server's tool timeout. */
export interface McpConnection {
  readonly server: string;
  readonly tools: readonly McpToolInfo[];
  /** Whether the server announced the `resources` capability. */
  readonly supportsResources: boolean;
  callTool(tool: string, args: Record<string, unknown> | undefined, signal: AbortSignal): Promise<McpOutcome<McpCallResult>>;
  listResources(cursor: string | undefined, signal: AbortSignal): Promise<McpOutcome<McpPage>>;
  listResourceTemplates(cursor: string | undefined, signal: AbortSignal): Promise<McpOutcome<McpPage>>;
  readResource(uri: string, signal: AbortSignal): Promise<McpOutcome<Record<string, unknown>>>;
  /** Close the session and end the server process (stdio); safe to call twice. */
  close(): Promise<void>;
}
