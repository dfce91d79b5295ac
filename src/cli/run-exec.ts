// One exec run, start to finish: config, prompt, checks, session, events to renderers, -o, exit code.

import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { BASE_INSTRUCTIONS } from "../agent/base-instructions.js";
import type { Codex } from "../agent/codex.js";
import { ConversationManager } from "../agent/conversation-manager.js";
import type { SessionConfig } from "../agent/session-config.js";
import { buildInitialContext, localDateString } from "../agent/initial-context.js";
import { parseConfigOverride } from "../config/config-overrides.js";
import { loadConfig } from "../config/load-config.js";
import { loadProjectDocs } from "../config/project-docs.js";
import { resolveAuth } from "../config/resolve-auth.js";
import { resolveExecConfig, type ExecConfig } from "../config/resolve-config.js";
import { StartupError } from "../errors.js";
import { createFileLogger } from "../log.js";
import { modelInfoFor } from "../model/model-info.js";
import { createModelClient } from "../model/create-model-client.js";
import type { Logger, ReviewOutput, ReviewRequest, RunStatus, SandboxPolicy, TokenUsage, UserInput } from "../protocol/index.js";
import { createCommandSandbox, needsBwrapProbe } from "../sandbox/command-sandbox.js";
import { probeBwrap, probeBwrapAsync } from "../sandbox/probe-bwrap.js";
import { resolveSandboxPolicy } from "../sandbox/resolve-sandbox-policy.js";
import { shellEnvironment } from "../sandbox/shell-environment.js";
import { loadImageDataUrl } from "../tools/view-image-tool.js";
import type { EventProcessor, RenderOutput } from "../render/event-processor.js";
import { HumanEventProcessor } from "../render/human-processor.js";
import { JsonlEventProcessor } from "../render/jsonl-processor.js";
import { ansiStyle, plainStyle } from "../render/style.js";
import { sandboxSummary } from "../sandbox/sandbox-summary.js";
import { buildTools } from "../api/build-tools.js";
import { formatDuration, parseDuration } from "./duration.js";
import { httpFetch } from "../api/http-fetch.js";
import { instrumentModelClient } from "../api/instrumented-model-client.js";
import { openThread } from "../api/open-thread.js";
import { cassetteProvider, modelTraffic, openCassetteMode, replayModel } from "../api/record-replay.js";
import { resolveOss } from "../api/oss-provider.js";
import { loadOutputSchema } from "../api/output-schema.js";
import { buildReviewRequest } from "../api/review-request.js";
import { useColor } from "./color.js";
import { isInsideGitRepo, NOT_A_GIT_REPO_MESSAGE } from "../api/git-check.js";
import { prepareLastMessageFile, writeLastMessageFile } from "./last-message-file.js";
import { findCodexHome, resolveCwd } from "../api/locate-dirs.js";
import type { ExecArgs, ReviewTargetArg } from "./parse-args.js";
import { resolvePrompt } from "./resolve-prompt.js";
import type { RunReport } from "./run-report.js";
import { systemClock } from "../api/system-clock.js";

/** The process surface a run uses; main.ts builds it from `process`. */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdinIsTty: boolean;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  readStdin: () => Promise<Uint8Array>;
  writeStdout: (text: string) => void;
  /** Resolves once stdout and stderr can take more; events wait for it, so a slow reader holds the run back instead of filling memory. */
  drained?: () => Promise<void>;
  writeStderr: (text: string) => void;
  /** Calls `handler` on SIGINT/SIGTERM; returns a function that removes it. */
  onSignal: (handler: (signal: "SIGINT" | "SIGTERM") => void) => () => void;
}

export const VERSION: string = __CODEX_EXEC_VERSION__;

/** Run one exec invocation; returns the exit code. Startup failures throw typed errors. */
export async function runExec(args: ExecArgs, io: CliIo, report: RunReport): Promise<RunResult> {
  // Malformed `-c` arguments are reported before anything else, as codex does.
  args.config.forEach(parseConfigOverride);
  const cwd = resolveCwd(args.cd, io.cwd);
  const codexHome = findCodexHome(io.env);
  const loaded = await loadConfig({
    codexHome,
    overrides: args.config,
    profile: args.profile,
    ignoreUserConfig: args.ignoreUserConfig,
    strict: args.strictConfig,
  });
  // --oss: a local provider and a model, decided before anything else reads the config (codex step 7).
  const oss = resolveOss({ oss: args.oss, localProvider: args.localProvider, model: args.model }, loaded.toml);
  // --replay: the cassette's model and wire, served by the built-in `replay` provider.
  const cassette = openCassetteMode(args, io.cwd);
  const configured = resolveExecConfig({
    ...loaded,
    codexHome,
    cwd,
    env: io.env,
    overrides: {
      model: oss?.model ?? args.model ?? replayModel(cassette),
      modelProvider: oss?.providerId,
      // A reviewer only reads; whatever else was asked, a review runs read-only.
      sandboxMode: args.command.kind === "review" ? "read-only" : args.bypassSandbox ? "danger-full-access" : args.sandbox,
      addDirs: args.addDirs,
      reasoningEffort: args.reasoningEffort,
      maxOutputTokens: args.maxOutputTokens,
    },
  });
  const config = { ...configured, provider: cassetteProvider(configured.provider, cassette) };
  // The bwrap check runs in the background while startup goes on; the sandbox below awaits its verdict.
  const bwrapProbe = needsBwrapProbe(config.sandboxMode, process.platform) ? probeBwrapAsync(io.env["PATH"]) : null;
  const logger = createFileLogger(codexHome, io.env["CODEX_EXEC_LOG"]);
  const renderer: EventProcessor = args.json
    ? new JsonlEventProcessor()
    : new HumanEventProcessor({
        style: useColor(args.color, io.stderrIsTty, io.env) ? ansiStyle : plainStyle,
        version: VERSION,
        formatNumber: (n) => n.toLocaleString("en-US"),
      });
  const write = (out: RenderOutput): void => {
    if (out.stderr) io.writeStderr(out.stderr);
    if (out.stdout) io.writeStdout(out.stdout);
  };

  // A fork without a prompt only copies the thread: nothing is read and no turn runs.
  const promptless = args.command.kind === "fork" && args.prompt === undefined;
  if (promptless) checkPromptlessFork(args);
  const review = args.command.kind === "review" ? await reviewOf(args.command.target, args.prompt, io, cwd) : null;
  const prompt = review
    ? review.userFacingHint
    : promptless
    ? ""
    : await resolvePrompt({
        arg: args.prompt,
        appendStdin: args.command.kind === "exec",
        // `--no-stdin` behaves like a terminal on stdin: never read.
        stdinIsTty: io.stdinIsTty || args.noStdin,
        readStdin: io.readStdin,
        notice: (line) => io.writeStderr(`${line}\n`),
      });
  const outputSchema =
    args.outputSchema !== undefined && args.command.kind !== "review" ? await loadOutputSchema(args.outputSchema) : null;
  for (const change of outputSchema?.changes ?? []) io.writeStderr(`note: output schema made strict: ${change}\n`);
  const instructions = await instructionsFor(config, args.instructions, cwd);
  // The bypass flag skips the git check too, as in codex.
  if (!args.skipGitRepoCheck && !args.bypassSandbox && !isInsideGitRepo(cwd)) {
    throw new StartupError("not_a_git_repo", NOT_A_GIT_REPO_MESSAGE);
  }
  if (args.outputLastMessage !== undefined) prepareLastMessageFile(args.outputLastMessage);
  const images = await loadImages(args.images, cwd);
  const auth = await resolveAuth(config.provider, io.env, codexHome);

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
      originator: originatorOf(io.env),
      cli_version: VERSION,
      source: "exec",
      model_provider: config.provider.id,
      base_instructions: { text: instructions },
    }),
  });
  const threadId = thread.threadId;
  const modelInfo = modelInfoFor(config.model);
  // Watchdog hooks are wired up once the session runs; until then activity goes nowhere.
  const activity = { beat: (): void => undefined };
  report.threadId = threadId;
  report.price = config.price;
  report.usageAtStart = thread.usage;
  const traffic = modelTraffic(cassette, {
    cwd,
    threadId,
    codexHome,
    env: io.env,
    provider: config.provider,
    model: config.model,
    version: VERSION,
    authToken: auth.kind === "bearer" ? auth.token : null,
    transport: httpFetch,
    writeStderr: io.writeStderr,
  });
  const wireClient = createModelClient(config.provider.wireApi, {
    baseUrl: config.provider.baseUrl,
    apiKey: auth.kind === "bearer" ? auth.token : null,
    headers: requestHeaders(config, io.env),
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
    },
    errorContext: {
      model: config.model,
      providerId: config.provider.id,
      keySource: auth.kind === "bearer" ? auth.source : null,
    },
    logger,
    // node:http rather than the global fetch: see http-fetch.ts (README "Performance").
    fetch: traffic.fetch ?? httpFetch,
  });
  const modelClient = instrumentModelClient(wireClient, {
    onRequest: () => {
      report.modelRequests += 1;
    },
    onActivity: () => activity.beat(),
  });
  const sandboxPolicy = resolveSandboxPolicy({
    mode: config.sandboxMode,
    cwd,
    addDirs: [],
    workspaceWrite: config.workspaceWrite,
    tmpdirEnv: io.env["TMPDIR"],
  });
  const probed = await bwrapProbe;
  const commandSandbox = createCommandSandbox(sandboxPolicy, process.platform, () => probed ?? probeBwrap(io.env["PATH"]));
  const tools = await buildTools({
    config,
    modelInfo,
    threadId,
    env: shellEnvironment(io.env, config.shellEnvironment, apiKeyVariables(config)),
    wrapCommand: (argv, cwdOfCall) => commandSandbox.wrap(argv, cwdOfCall),
    onToolOutput: () => activity.beat(),
    parentEnv: io.env,
    clientVersion: VERSION,
    logger,
  });
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
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || "Etc/UTC";
  const initialContext = buildInitialContext({
        cwd,
        shell: path.basename(io.env["SHELL"] ?? "") || "bash",
        currentDate: localDateString(systemClock.now(), timezone),
        timezone,
        sandbox: sandboxPolicy,
        approvalPolicy: config.approvalPolicy,
        projectDocs: docs.text,
        developerInstructions: config.developerInstructions,
        includePermissionsInstructions: config.includePermissionsInstructions,
        includeEnvironmentContext: config.includeEnvironmentContext,
      });
  try {
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
    if (promptless) {
      write(renderer.start(sessionConfigured, ""));
      conversation.submit({ type: "shutdown" });
      await consumeEvents(conversation, renderer, write, logger, report, () => undefined, io.drained);
      return { exitCode: 0, status: "completed" };
    }
    let interruptedBy: "SIGINT" | "SIGTERM" | null = null;
    const removeSignals = io.onSignal((signal) => {
      interruptedBy ??= signal;
      conversation.submit({ type: "interrupt" });
    });
    const watchdog = startWatchdog(args, config, (reason, message) =>
      conversation.submit({ type: "interrupt", reason, message }),
    );
    activity.beat = watchdog.beat;
    write(renderer.start(sessionConfigured, prompt));
    conversation.submit(
      review
        ? { type: "review", request: review }
        : {
            type: "user_turn",
            items: [...images, { type: "text", text: prompt }],
            ...(outputSchema ? { overrides: { finalOutputJsonSchema: outputSchema.strict, checkFinalOutput: outputSchema.check } } : {}),
          },
    );

    const end = await consumeEvents(conversation, renderer, write, logger, report, watchdog.beat, io.drained);
    watchdog.stop();
    removeSignals();
    const status = interruptedBy && end.status !== "completed" ? "interrupted" : end.status;
    write(
      renderer.finish({
        status,
        finalMessage: end.finalMessage,
        usage: end.usage,
        stdoutIsTty: io.stdoutIsTty,
        stderrIsTty: io.stderrIsTty,
      }),
    );
    if (status === "completed" && args.outputLastMessage !== undefined) {
      writeLastMessageFile(args.outputLastMessage, end.finalMessage ?? "");
      if (end.finalMessage === null) {
        io.writeStderr(`Warning: no last agent message; wrote empty content to ${args.outputLastMessage}\n`);
      }
    }
    return runResult(status, interruptedBy, report, args);
  } finally {
    // Every process group the model started ends with the run, whatever way it ends.
    await tools.shutdown();
    await thread.recorder.close();
    traffic.finish();
  }
}

/** How a run ended, for the exit code and the summary record. */
export interface RunResult {
  exitCode: number;
  status: RunStatus;
}

/** Exit codes: 0 done, 1 failed, 3 budget, 4 tool failure (opt-in), 5 review findings (opt-in), 124 timeout, 130/143 signal. */
function runResult(
  status: "completed" | "failed" | "interrupted",
  interruptedBy: "SIGINT" | "SIGTERM" | null,
  report: RunReport,
  args: ExecArgs,
): RunResult {
  if (status === "interrupted") {
    report.error = { code: "interrupted", message: `interrupted by ${interruptedBy ?? "signal"}` };
    return { exitCode: interruptedBy === "SIGTERM" ? 143 : 130, status: "interrupted" };
  }
  if (status === "failed") {
    const code = report.error?.code;
    if (code === "budget") return { exitCode: 3, status: "budget" };
    if (code === "timeout" || code === "idle") return { exitCode: 124, status: "timeout" };
    return { exitCode: 1, status: "failed" };
  }
  if (args.failOnToolError && report.toolFailed) {
    report.error = { code: "tool_error", message: "a command or patch failed (--fail-on-tool-error)" };
    return { exitCode: 4, status: "completed" };
  }
  if (args.failOnFindings !== undefined && hasFindingAtOrAbove(report.review, args.failOnFindings)) {
    report.error = { code: "review_findings", message: `the review has findings at P${args.failOnFindings} or above` };
    return { exitCode: 5, status: "completed" };
  }
  return { exitCode: 0, status: "completed" };
}

/** Run-level limits: `--timeout` (or `run_timeout`) and `--idle-timeout`, as interrupts with a reason. */
function startWatchdog(
  args: ExecArgs,
  config: ExecConfig,
  stop: (reason: "timeout" | "idle", message: string) => void,
): { beat: () => void; stop: () => void } {
  const timeoutMs = args.timeoutMs ?? (config.runTimeout === null ? undefined : (parseDuration(config.runTimeout) ?? undefined));
  const total =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => stop("timeout", `the run timed out after ${formatDuration(timeoutMs)}`), timeoutMs);
  let idle: NodeJS.Timeout | undefined;
  const idleMs = args.idleTimeoutMs;
  const beat = (): void => {
    if (idleMs === undefined) return;
    clearTimeout(idle);
    idle = setTimeout(() => stop("idle", `no activity from the model or tools for ${formatDuration(idleMs)}`), idleMs);
  };
  beat();
  return {
    beat,
    stop: () => {
      clearTimeout(total);
      clearTimeout(idle);
    },
  };
}

interface TurnEnd {
  status: "completed" | "failed" | "interrupted";
  finalMessage: string | null;
  usage: TokenUsage | null;
}

async function consumeEvents(
  conversation: Codex,
  renderer: EventProcessor,
  write: (out: RenderOutput) => void,
  logger: Logger,
  report: RunReport,
  beat: () => void,
  drained: (() => Promise<void>) | undefined,
): Promise<TurnEnd> {
  const end: TurnEnd = { status: "failed", finalMessage: null, usage: null };
  for (;;) {
    const ev = await conversation.nextEvent();
    if (ev === null) return end;
    const msg = ev.msg;
    beat();
    report.observe(msg);
    write(renderer.process(msg));
    await drained?.();
    switch (msg.type) {
      case "token_count":
        end.usage = msg.total;
        break;
      case "task_complete":
        end.status = msg.status;
        end.finalMessage = msg.status === "completed" ? msg.last_agent_message : null;
        conversation.submit({ type: "shutdown" });
        break;
      case "turn_aborted":
        end.status = "interrupted";
        conversation.submit({ type: "shutdown" });
        break;
      case "shutdown_complete":
        logger.debug("session shut down");
        return end;
      default:
        break;
    }
  }
}

function sessionConfig(
  config: ExecConfig,
  instructions: string,
  threadId: string,
  sandbox: SandboxPolicy,
  warnings: readonly string[],
): Omit<SessionConfig, "initialContext" | "initialHistory" | "initialUsage" | "initialLastTokenTotal" | "sessionMeta" | "recordInitialHistory" | "budget"> {
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
    autoCompactTokenLimit: autoCompactLimit(config, modelInfoFor(config.model).contextWindow),
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

/** Read `-i` images up front: a missing or unsupported file stops the run before any request. */
async function loadImages(files: readonly string[], cwd: string): Promise<UserInput[]> {
  const out: UserInput[] = [];
  for (const file of files) {
    try {
      out.push({ type: "image", image_url: await loadImageDataUrl(path.resolve(cwd, file)) });
    } catch (err) {
      throw new StartupError("image_unreadable", `Error: --image ${file}: ${(err as Error).message}`);
    }
  }
  return out;
}

/** The variables that hold the API keys codex-exec itself uses; commands never see them. */
function apiKeyVariables(config: ExecConfig): string[] {
  return ["CODEX_API_KEY", "OPENAI_API_KEY", ...(config.provider.envKey ? [config.provider.envKey] : [])];
}

/** A fork without a prompt cannot honour options that need a turn. */
function checkPromptlessFork(args: ExecArgs): void {
  const fail = (what: string): never => {
    throw new StartupError("prompt_missing", `Error: ${what}`);
  };
  if (args.images.length > 0) fail("Forking with images requires a prompt");
  if (args.outputLastMessage !== undefined) fail("Forking with output options requires a prompt");
  if (args.ephemeral) fail("Ephemeral forks require a prompt");
}

function originatorOf(env: Readonly<Record<string, string | undefined>>): string {
  return env["CODEX_INTERNAL_ORIGINATOR_OVERRIDE"]?.trim() || "codex_exec";
}

/** `model_auto_compact_token_limit`, else 90% of the context window when it is known. */
function autoCompactLimit(config: ExecConfig, modelWindow: number | null): number | null {
  if (config.autoCompactTokenLimit !== null) return config.autoCompactTokenLimit;
  const window = config.contextWindow ?? modelWindow;
  return window === null ? null : Math.floor(window * 0.9);
}

/** The review request: custom instructions come from the argument, or stdin with `-`; never appended. */
async function reviewOf(target: ReviewTargetArg, arg: string | undefined, io: CliIo, cwd: string): Promise<ReviewRequest> {
  const text =
    arg === "-"
      ? await resolvePrompt({ arg, appendStdin: false, stdinIsTty: io.stdinIsTty, readStdin: io.readStdin, notice: () => undefined })
      : (arg ?? null);
  return buildReviewRequest(target, text, cwd);
}

/** Whether a finding has priority `threshold` or more urgent (P0 is the most urgent). */
function hasFindingAtOrAbove(review: ReviewOutput | null, threshold: number): boolean {
  return review?.findings.some((f) => f.priority <= threshold) ?? false;
}

/** Base instructions (ours, or `model_instructions_file`), plus `--instructions` text or `@file`. */
async function instructionsFor(config: ExecConfig, extra: string | undefined, cwd: string): Promise<string> {
  const read = async (file: string, what: string): Promise<string> => {
    try {
      return (await readFile(path.resolve(cwd, file), "utf8")).trim();
    } catch (err) {
      throw new StartupError("instructions_unreadable", `Error: cannot read ${what} ${file}: ${(err as Error).message}`);
    }
  };
  const base = config.instructionsFile ? await read(config.instructionsFile, "model_instructions_file") : BASE_INSTRUCTIONS;
  if (extra === undefined) return base;
  const added = extra.startsWith("@") ? await read(extra.slice(1), "--instructions file") : extra.trim();
  return added === "" ? base : `${base}\n\n${added}`;
}
