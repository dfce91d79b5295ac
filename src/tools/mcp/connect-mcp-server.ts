// Starts one MCP server (stdio child or streamable HTTP), runs the handshake and lists its tools, within the startup timeout.

import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Logger, McpServerConfig } from "../../protocol/index.js";
import type { McpSdk } from "./load-mcp-sdk.js";
import type { McpCallResult, McpConnection, McpOutcome, McpPage, McpToolInfo } from "./mcp-connection.js";
import { mcpServerEnv } from "./mcp-server-env.js";
import { formatSeconds, MAX_TIMER_MS, withTimeout, type Bounded } from "./with-timeout.js";

export interface ConnectDeps {
  sdk: McpSdk;
  /** codex-exec's own environment: stdio servers' basics and `env_vars`, `bearer_token_env_var` and `env_http_headers` read it. */
  parentEnv: Readonly<Record<string, string | undefined>>;
  /** Working directory for stdio servers without `cwd`. */
  cwd: string;
  /** What HTTP servers are reached with (the run's proxy-aware fetch); default: the SDK's, the global fetch. */
  fetch?: typeof globalThis.fetch;
  clientVersion: string;
  logger: Logger;
  /** Ends start-up early (the run was interrupted while servers were starting). */
  signal?: AbortSignal;
}

export type ConnectResult =
  | { ok: true; connection: McpConnection }
  | { ok: false; reason: string; timedOut: boolean; closing: Promise<void> };

/** Connect and list tools; on any failure the half-started server is closed (`closing`). */
export async function connectMcpServer(server: McpServerConfig, deps: ConnectDeps): Promise<ConnectResult> {
  const lastStderr: StderrTail = { line: "", ended: Promise.resolve() };
  const made = makeTransport(server, deps, lastStderr);
  if (!made.ok) return { ok: false, reason: made.error, timedOut: false, closing: Promise.resolve() };
  const transport = made.value;
  // Set before connect (the client chains its own handler): resolves once a stdio child has exited.
  const ended = new Promise<void>((resolve) => (transport.onclose = resolve));
  const client = new deps.sdk.Client({ name: "codex-mcp-client", version: deps.clientVersion, title: "Codex" }, { capabilities: {} });
  client.onerror = (err) => deps.logger.debug({ server: server.name, err: err.message }, "mcp client error");
  const started = await withTimeout(server.startupTimeoutMs, deps.signal ?? null, async (signal) => {
    await client.connect(transport, { signal, timeout: MAX_TIMER_MS });
    return listAllTools(client, signal);
  });
  if (started.status !== "ok") {
    // A server that exited has closed its stderr too; let its last words arrive (briefly) before reporting.
    if (started.status !== "timed_out") await Promise.race([lastStderr.ended, new Promise((r) => setTimeout(r, 250).unref())]);
    const why = started.status === "timed_out" ? `timed out after ${formatSeconds(server.startupTimeoutMs)}` : describe(started);
    // What the server said last is usually the cause ("Connection closed" alone says nothing).
    const reason = lastStderr.line === "" ? why : `${why} (its stderr: ${lastStderr.line})`;
    return { ok: false, reason, timedOut: started.status === "timed_out", closing: closeQuietly(client, ended) };
  }
  deps.logger.debug({ server: server.name, tools: started.value.length }, "mcp server ready");
  return { ok: true, connection: connection(server, client, started.value, ended) };
}

/** The last line a stdio server wrote to stderr, and when its stderr ended. */
interface StderrTail {
  line: string;
  ended: Promise<void>;
}

function makeTransport(server: McpServerConfig, deps: ConnectDeps, lastStderr: StderrTail): McpOutcome<Transport> {
  const t = server.transport;
  if (t.type === "stdio") {
    const transport = new deps.sdk.StdioClientTransport({
      command: t.command,
      args: t.args,
      env: mcpServerEnv(deps.parentEnv, t),
      cwd: t.cwd ?? deps.cwd,
      stderr: "pipe",
    });
    // The server's stderr goes to our log (never to our stdout/stderr); draining it keeps the child from blocking.
    transport.stderr?.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8").trimEnd();
      deps.logger.debug({ server: server.name, stderr: text }, "mcp server stderr");
      const last = text.split("\n").filter((l) => l.trim() !== "").at(-1);
      if (last !== undefined) lastStderr.line = last.trim().slice(0, 300);
    });
    const stderr = transport.stderr;
    if (stderr) lastStderr.ended = new Promise((resolve) => stderr.once("close", () => resolve()));
    return { ok: true, value: transport };
  }
  const headers: Record<string, string> = { ...t.httpHeaders };
  for (const [header, variable] of Object.entries(t.envHttpHeaders)) {
    const value = deps.parentEnv[variable];
    if (value !== undefined && value !== "") headers[header] = value;
  }
  if (t.bearerTokenEnvVar !== null) {
    const token = deps.parentEnv[t.bearerTokenEnvVar];
    if (token === undefined || token === "") {
      return { ok: false, error: `environment variable ${t.bearerTokenEnvVar} (bearer_token_env_var) is not set` };
    }
    headers["Authorization"] = `Bearer ${token}`;
  }
  let url: URL;
  try {
    url = new URL(t.url);
  } catch {
    return { ok: false, error: `invalid url ${t.url}` };
  }
  return {
    ok: true,
    value: new deps.sdk.StreamableHTTPClientTransport(url, { requestInit: { headers }, ...(deps.fetch ? { fetch: deps.fetch } : {}) }),
  };
}

/** `tools/list`, following `nextCursor` (a repeated cursor ends the listing). */
async function listAllTools(client: Client, signal: AbortSignal): Promise<McpToolInfo[]> {
  const tools: McpToolInfo[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor }, { signal, timeout: MAX_TIMER_MS });
    for (const t of page.tools) {
      tools.push({ name: t.name, description: t.description ?? null, inputSchema: { ...t.inputSchema } });
    }
    cursor = page.nextCursor;
    if (cursor !== undefined && seen.has(cursor)) break;
    if (cursor !== undefined) seen.add(cursor);
  } while (cursor !== undefined);
  return tools;
}

function connection(server: McpServerConfig, client: Client, tools: McpToolInfo[], ended: Promise<void>): McpConnection {
  let closing: Promise<void> | null = null;
  const bounded = async <T>(what: string, signal: AbortSignal, task: (s: AbortSignal) => Promise<T>): Promise<McpOutcome<T>> => {
    const r = await withTimeout(server.toolTimeoutMs, signal, (s) => task(s));
    if (r.status === "ok") return { ok: true, value: r.value };
    if (r.status === "timed_out") return { ok: false, error: `timed out awaiting ${what} after ${formatSeconds(server.toolTimeoutMs)}` };
    return { ok: false, error: describe(r) };
  };
  const opts = (signal: AbortSignal) => ({ signal, timeout: MAX_TIMER_MS });
  return {
    server: server.name,
    tools,
    supportsResources: client.getServerCapabilities()?.resources !== undefined,
    callTool: (tool, args, signal) =>
      bounded("tools/call", signal, async (s): Promise<McpCallResult> => {
        const r = await client.callTool({ name: tool, ...(args === undefined ? {} : { arguments: args }) }, undefined, opts(s));
        const content = "content" in r && Array.isArray(r.content) ? [...r.content] : [{ type: "text", text: JSON.stringify(r["toolResult"] ?? null) }];
        return {
          content,
          ...(r["structuredContent"] !== undefined ? { structuredContent: r["structuredContent"] } : {}),
          ...(r["isError"] === true ? { isError: true } : {}),
          ...(r._meta !== undefined ? { _meta: r._meta } : {}),
        };
      }),
    listResources: (cursor, signal) =>
      bounded("resources/list", signal, async (s): Promise<McpPage> => {
        const r = await client.listResources(cursor === undefined ? {} : { cursor }, opts(s));
        return page(r.resources, r.nextCursor);
      }),
    listResourceTemplates: (cursor, signal) =>
      bounded("resources/templates/list", signal, async (s): Promise<McpPage> => {
        const r = await client.listResourceTemplates(cursor === undefined ? {} : { cursor }, opts(s));
        return page(r.resourceTemplates, r.nextCursor);
      }),
    readResource: (uri, signal) =>
      bounded("resources/read", signal, async (s) => ({ ...(await client.readResource({ uri }, opts(s))) })),
    close: () => (closing ??= closeQuietly(client, ended)),
  };
}

function page(items: ReadonlyArray<object>, nextCursor: string | undefined): McpPage {
  return { items: items.map((i) => ({ ...i })), ...(nextCursor === undefined ? {} : { nextCursor }) };
}

/** Longest wait for a stdio child to exit once closed (the SDK escalates to SIGTERM after 2 s, SIGKILL after 4 s). */
const EXIT_WAIT_MS = 5_000;

/**
 * Close the client (for stdio: end stdin, then SIGTERM/SIGKILL if the child lingers) and wait for the
 * transport to report the end. A failed handshake already started closing inside the SDK; `ended` covers that too.
 */
async function closeQuietly(client: Client, ended: Promise<void>): Promise<void> {
  await client.close().catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, EXIT_WAIT_MS);
    timer.unref();
  });
  await Promise.race([ended, bound]);
  clearTimeout(timer);
}

function describe(r: Exclude<Bounded<unknown>, { status: "ok" }>): string {
  if (r.status === "timed_out") return "timed out";
  if (r.status === "aborted") return "aborted";
  return r.error instanceof Error ? r.error.message : String(r.error);
}
