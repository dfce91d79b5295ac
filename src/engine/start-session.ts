// Phase two of a run: checks, auth, the thread, model client, sandbox, tools and context → a live session.

import os from "node:os";
import path from "node:path";
import type { AgentSession } from "../agent/agent-session.js";
import { ConversationManager } from "../agent/conversation-manager.js";
import { buildInitialContext, localDateString } from "../agent/initial-context.js";
import type { SessionConfig } from "../agent/session-config.js";
import { localTimeZone } from "../config/local-time-zone.js";
import { loadProjectDocs } from "../config/project-docs.js";
import { resolveAuth } from "../config/resolve-auth.js";
import type { ExecConfig } from "../config/resolve-config.js";
import { castToError, StartupError } from "../errors.js";
import { createModelClient } from "../model/create-model-client.js";
import { modelInfoFor } from "../model/model-info.js";
import type { SandboxPolicy, SessionConfiguredEvent, TokenUsage, UserInput } from "../protocol/index.js";
import type { SandboxBackendName } from "../sandbox/command-sandbox.js";
import { sandboxSummary } from "../sandbox/sandbox-summary.js";
import { loadImageDataUrl } from "../tools/view-image-tool.js";
import { buildTools } from "./build-tools.js";
import type { EngineArgs } from "./engine-args.js";
import { instrumentModelClient } from "./instrumented-model-client.js";
import { openThread } from "./open-thread.js";
import { outboundHttp } from "../model/transport/outbound-http.js";
import type { PreparedRun } from "./prepare-run.js";
import { modelTraffic } from "./record-replay.js";
import { systemClock } from "./system-clock.js";
import { VERSION } from "./version.js";
import { commandEnvironment } from "./command-environment.js";
import { runSandbox } from "./run-sandbox.js";

/** Callbacks the caller may use to observe a session (counting requests, idle watchdogs). */
export interface SessionHooks {
  onRequest: () => void;
  onActivity: () => void;
  /**
   * Bytes commands printed, chunk by chunk. Their buffers are garbage at once; the CLI uses this to collect
   * them as it goes (README "Performance"). Optional: API callers normally leave it out.
   */
  onToolOutputBytes?: (bytes: number) => void;
  /**
   * Characters of large model payloads just dropped (a long answer repeated by the events that end a
   * response). The CLI uses this to collect them before the next arrives; API callers normally leave it out.
   */
  onLargeModelPayloads?: (chars: number) => void;
  /** Notices that belong on stderr (e.g. recording progress). */
  writeStderr: (text: string) => void;
  /** Aborted when the run is interrupted while the session starts (MCP servers stop starting). */
  signal?: AbortSignal;
}

/** A running session, ready for its op; `close` must run when the caller is done. */
export interface StartedSession {
  conversation: AgentSession;
  sessionConfigured: SessionConfiguredEvent;
  threadId: string;
  /** The thread's usage before this run (non-zero for resumed threads). */
  usageAtStart: TokenUsage;
  /** What confines commands this run. */
  sandboxBackend: SandboxBackendName;
  /** Ends tools, MCP servers and the rollout file. */
  close(): Promise<void>;
}

/** Start the session for `args` on a prepared run; throws typed errors before any model request. */
export async function startSession(prepared: PreparedRun, args: EngineArgs, hooks: SessionHooks): Promise<StartedSession> {
  const { env, cwd, codexHome, config, logger, instructions } = prepared;
  // A promptless fork only copies the session: it sends no model request, so it needs no key.
  const auth = args.command.kind === "fork" && args.command.promptless ? { kind: "none" as const } : await resolveAuth(config.provider, env, codexHome);
  const thread = await openThread({
    command: args.command,
    codexHome,
    cwd,
    ephemeral: args.ephemeral,
    meta: (id, forkedFrom) => ({
      id,
      ...(forkedFrom ? { forked_from_id: forkedFrom } : {}),
      timestamp: new Date(systemClock.now()).toISOString(),
      cwd,
      originator: originatorOf(env),
      cli_version: VERSION,
      source: "exec",
      model_provider: config.provider.id,
      base_instructions: { text: instructions },
    }),
  });
  const threadId = thread.threadId;
  const modelInfo = modelInfoFor(config.model);
  // Proxy variables (HTTPS_PROXY, NO_PROXY, …) route the model's and MCP servers' requests.
  const outbound = await outboundHttp(env, config.provider.baseUrl);
  const proxy = prepared.cassette?.kind === "replay" ? null : outbound.proxyFor(config.provider.baseUrl);
  if (outbound.mcpFetch !== undefined) {
    logger.debug({ url: config.provider.baseUrl, proxy: proxy ?? "direct" }, "proxy for model requests");
    for (const server of config.mcpServers) {
      if (server.transport.type !== "streamable_http") continue;
      logger.debug({ server: server.name, proxy: outbound.proxyFor(server.transport.url) ?? "direct" }, "proxy for mcp server");
    }
  }
  const traffic = modelTraffic(prepared.cassette, {
    cwd,
    threadId,
    codexHome,
    env,
    provider: config.provider,
    model: config.model,
    version: VERSION,
    authToken: auth.kind === "bearer" ? auth.token : null,
    transport: outbound.fetch,
    writeStderr: hooks.writeStderr,
  });
  const wireClient = createModelClient(config.provider.wireApi, {
    baseUrl: config.provider.baseUrl,
    apiKey: auth.kind === "bearer" ? auth.token : null,
    headers: requestHeaders(config, env),
    queryParams: config.provider.queryParams,
    idleTimeoutMs: config.provider.streamIdleTimeoutMs,
    settings: {
      model: config.model,
      info: modelInfo,
      threadId,
      reasoningEffort: config.reasoningEffort,
      reasoningSummary: config.reasoningSummary,
      verbosity: config.verbosity,
      supportsReasoningSummaries: config.supportsReasoningSummaries,
      maxOutputTokens: config.maxOutputTokens,
      serviceTier: config.serviceTier,
    },
    errorContext: {
      model: config.model,
      providerId: config.provider.id,
      baseUrl: config.provider.baseUrl,
      keySource: auth.kind === "bearer" ? auth.source : null,
    },
    logger,
    // node:http rather than the global fetch: see http-fetch.ts (README "Performance").
    fetch: traffic.fetch ?? outbound.fetch,
    ...(hooks.onLargeModelPayloads ? { onLargePayloads: hooks.onLargeModelPayloads } : {}),
  });
  const modelClient = instrumentModelClient(wireClient, { onRequest: hooks.onRequest, onActivity: hooks.onActivity });
  const { policy: sandboxPolicy, sandbox: commandSandbox, protectCodexDir } = await runSandbox(prepared);
  const tools = await buildTools({
    config,
    modelInfo,
    threadId,
    env: commandEnvironment(prepared),
    wrapCommand: (argv, cwdOfCall, extraWrites) => commandSandbox.wrap(argv, cwdOfCall, extraWrites),
    confined: sandboxPolicy.mode !== "danger-full-access",
    heartbeat: prepared.heartbeat,
    onToolOutput: (bytes) => {
      hooks.onActivity();
      hooks.onToolOutputBytes?.(bytes);
    },
    parentEnv: env,
    ...(outbound.mcpFetch ? { mcpFetch: outbound.mcpFetch } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    clientVersion: VERSION,
    logger,
  });
  const unprotectCodexDir = protectCodexDir();
  const close = async (): Promise<void> => {
    // Every process group the model started ends with the run, whatever way it ends.
    await tools.shutdown();
    unprotectCodexDir();
    await thread.recorder.close();
    traffic.finish();
  };
  try {
    // Built for continued threads too: compaction puts it back in front of the summary.
    const docs = await loadProjectDocs({
      codexHome,
      cwd,
      maxBytes: config.projectDocMaxBytes,
      fallbackFilenames: config.projectDocFallbackFilenames,
      rootMarkers: config.projectRootMarkers,
    });
    logger.debug({ files: docs.files }, "project docs");
    const warnings = [
      ...config.warnings,
      ...(thread.continued ? [] : docs.warnings),
      ...(commandSandbox.warning ? [commandSandbox.warning] : []),
      ...tools.warnings,
    ];
    const timezone = localTimeZone(env);
    const initialContext = buildInitialContext({
      cwd,
      shell: path.basename(env["SHELL"] ?? "") || "bash",
      currentDate: localDateString(systemClock.now()),
      timezone,
      sandbox: sandboxPolicy,
      approvalPolicy: config.approvalPolicy,
      projectDocs: docs.text,
      developerInstructions: config.developerInstructions,
      includePermissionsInstructions: config.includePermissionsInstructions,
      includeEnvironmentContext: config.includeEnvironmentContext,
    });
    const manager = new ConversationManager({
      modelClient,
      tools: tools.router,
      clock: systemClock,
      random: Math.random,
      logger,
      rollout: thread.recorder,
    });
    const { conversation, sessionConfigured } = await manager.newConversation({
      ...sessionConfig(config, instructions, threadId, sandboxPolicy, warnings),
      initialContext,
      initialHistory: thread.history,
      initialUsage: thread.usage,
      initialLastTokenTotal: thread.lastTokenTotal,
      sessionMeta: thread.sessionMeta,
      recordInitialHistory: args.command.kind === "fork",
      budget: {
        maxRequests: args.maxTurns ?? null,
        maxTokens: args.maxTokens ?? null,
        maxCostUsd: args.maxCostUsd ?? null,
        price: config.price,
      },
    });
    // The startup header names the proxy and the sandbox backend; the agent never needs to know.
    const configured = {
      ...sessionConfigured,
      ...(proxy === null ? {} : { proxy }),
      sandbox_backend: commandSandbox.backend,
    };
    return { conversation, sessionConfigured: configured, threadId, usageAtStart: thread.usage, sandboxBackend: commandSandbox.backend, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Read images up front: a missing or unsupported file stops the run before any request. */
export async function loadImages(files: readonly string[], cwd: string): Promise<UserInput[]> {
  const out: UserInput[] = [];
  for (const file of files) {
    try {
      out.push({ type: "image", image_url: await loadImageDataUrl(path.resolve(cwd, file)) });
    } catch (err) {
      throw new StartupError("image_unreadable", `Error: --image ${file}: ${castToError(err).message}`);
    }
  }
  return out;
}

function sessionConfig(
  config: ExecConfig,
  instructions: string,
  threadId: string,
  sandbox: SandboxPolicy,
  warnings: readonly string[],
): Omit<
  SessionConfig,
  "initialContext" | "initialHistory" | "initialUsage" | "initialLastTokenTotal" | "sessionMeta" | "recordInitialHistory" | "budget"
> {
  return {
    threadId,
    cwd: config.cwd,
    model: config.model,
    modelProviderId: config.provider.id,
    approvalPolicy: config.approvalPolicy,
    sandbox,
    sandboxSummary: sandboxSummary({
      mode: config.sandboxMode,
      networkAccess: sandbox.networkAccess && config.sandboxMode !== "danger-full-access",
      extraWritableRoots: config.workspaceWrite.writableRoots,
      excludeSlashTmp: config.workspaceWrite.excludeSlashTmp,
      excludeTmpdirEnvVar: config.workspaceWrite.excludeTmpdirEnvVar,
    }),
    reasoningEffort: config.reasoningEffort,
    reasoningSummary: config.reasoningSummary,
    responsesWire: config.provider.wireApi === "responses",
    baseInstructions: instructions,
    requestMaxRetries: config.provider.requestMaxRetries,
    streamMaxRetries: config.provider.streamMaxRetries,
    autoCompactTokenLimit: config.autoCompactTokenLimit,
    retryBaseDelayMs: config.provider.retryBaseDelayMs,
    startupWarnings: warnings,
  };
}

function requestHeaders(config: ExecConfig, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const originator = originatorOf(env);
  const platform = `${os.type()} ${os.release()}; ${os.arch()}`.replace(/[^\x20-\x7e]/g, "_");
  return {
    ...config.provider.httpHeaders,
    originator,
    "User-Agent": `${originator}/${VERSION} (${platform}) codex-exec`,
  };
}

/** The variables that hold the API keys codex-exec itself uses; commands never see them. */
function originatorOf(env: Readonly<Record<string, string | undefined>>): string {
  return env["CODEX_INTERNAL_ORIGINATOR_OVERRIDE"]?.trim() || "codex_exec";
}
