// The in-process API with the shape of @openai/codex-sdk: Codex → Thread → run / runStreamed.

import type { EngineArgs } from "../engine/engine-args.js";
import { parseRunOptions } from "../engine/run-options.js";
import { TurnFailedError } from "../errors.js";
import type { ThreadEvent, ThreadItem, TokenUsage } from "../protocol/index.js";
import { configToOverrides } from "./config-overrides.js";
import type { CodexOptions, Input, ThreadOptions, TurnOptions } from "./options.js";
import { runTurnEvents } from "./run-turn-events.js";

/** A completed turn. */
export interface Turn {
  items: ThreadItem[];
  finalResponse: string;
  usage: TokenUsage | null;
}
export type RunResult = Turn;

/** A turn in progress: its events, exactly the objects `codex-exec --json` prints. */
export interface StreamedTurn {
  events: AsyncGenerator<ThreadEvent>;
}
export type RunStreamedResult = StreamedTurn;

/** Entry point: starts and resumes threads. Holds no mutable state shared between threads. */
export class Codex {
  constructor(private readonly options: CodexOptions = {}) {}

  /** A new thread; it gets its id when its first turn starts. */
  startThread(options: ThreadOptions = {}): Thread {
    return new Thread(this.options, options, null);
  }

  /** A thread stored in `$CODEX_HOME/sessions`, continued by the next `run`. */
  resumeThread(id: string, options: ThreadOptions = {}): Thread {
    return new Thread(this.options, options, id);
  }
}

/** A conversation; each `run` is one turn, and later runs continue the same thread. */
export class Thread {
  private threadId: string | null;

  /** @internal Use `Codex.startThread` / `Codex.resumeThread`. */
  constructor(
    private readonly codexOptions: CodexOptions,
    private readonly options: ThreadOptions,
    id: string | null,
  ) {
    this.threadId = id;
  }

  /** The thread id; null until the first turn has started. */
  get id(): string | null {
    return this.threadId;
  }

  /** Run a turn and stream its events. */
  async runStreamed(input: Input, turnOptions: TurnOptions = {}): Promise<StreamedTurn> {
    return { events: this.events(input, turnOptions) };
  }

  /** Run a turn to its end; a failed turn throws TurnFailedError with its code. */
  async run(input: Input, turnOptions: TurnOptions = {}): Promise<Turn> {
    const items: ThreadItem[] = [];
    let finalResponse = "";
    let usage: TokenUsage | null = null;
    for await (const event of this.events(input, turnOptions)) {
      if (event.type === "item.completed") {
        items.push(event.item);
        if (event.item.type === "agent_message") finalResponse = event.item.text;
      } else if (event.type === "turn.completed") {
        usage = event.usage;
      } else if (event.type === "turn.failed") {
        throw new TurnFailedError(event.error.code ?? "internal", event.error.message);
      }
    }
    return { items, finalResponse, usage };
  }

  private events(input: Input, turnOptions: TurnOptions): AsyncGenerator<ThreadEvent> {
    const { prompt, imagePaths } = normalizeInput(input);
    return runTurnEvents({
      args: engineArgs(this.codexOptions, this.options, this.threadId),
      env: environment(this.codexOptions),
      prompt,
      imagePaths,
      outputSchema: turnOptions.outputSchema,
      signal: turnOptions.signal,
      onThread: (id) => {
        this.threadId = id;
      },
    });
  }
}

/** The process environment, or exactly the given one; an `apiKey` option wins over both. */
export function environment(options: CodexOptions): Record<string, string | undefined> {
  const env = options.env ? { ...options.env } : { ...process.env };
  if (options.apiKey !== undefined) env["CODEX_API_KEY"] = options.apiKey;
  return env;
}

/** Thread options as engine options: the same knobs the CLI flags set. */
export function engineArgs(codex: CodexOptions, t: ThreadOptions, threadId: string | null): EngineArgs {
  const config = [
    ...configToOverrides(codex.config ?? {}),
    ...(codex.baseUrl !== undefined ? [`openai_base_url=${JSON.stringify(codex.baseUrl)}`] : []),
    ...(t.networkAccessEnabled !== undefined ? [`sandbox_workspace_write.network_access=${t.networkAccessEnabled}`] : []),
    ...webSearch(t),
  ];
  return parseRunOptions({
    command: threadId === null ? { kind: "exec" } : { kind: "resume", sessionId: threadId, last: false, all: false },
    cd: t.workingDirectory,
    config,
    model: t.model,
    sandbox: t.sandboxMode,
    addDirs: t.additionalDirectories ?? [],
    skipGitRepoCheck: t.skipGitRepoCheck ?? false,
    reasoningEffort: t.modelReasoningEffort,
    timeoutMs: t.timeoutMs,
    idleTimeoutMs: t.idleTimeoutMs,
    maxTurns: t.maxTurns,
    maxTokens: t.maxTokens,
    maxCostUsd: t.maxCostUsd,
  }, "ThreadOptions");
}

function webSearch(t: ThreadOptions): string[] {
  if (t.webSearchMode !== undefined) return [`web_search="${t.webSearchMode}"`];
  if (t.webSearchEnabled !== undefined) return [`web_search="${t.webSearchEnabled ? "live" : "disabled"}"`];
  return [];
}

function normalizeInput(input: Input): { prompt: string; imagePaths: string[] } {
  if (typeof input === "string") return { prompt: input, imagePaths: [] };
  const text: string[] = [];
  const imagePaths: string[] = [];
  for (const part of input) {
    if (part.type === "text") text.push(part.text);
    else imagePaths.push(part.path);
  }
  return { prompt: text.join("\n\n"), imagePaths };
}
