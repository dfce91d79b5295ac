// Test doubles for driving a Codex session without a process: scripted model, instant clock.

import type { Clock } from "../../../src/agent/clock.js";
import type { AgentDeps, SessionConfig } from "../../../src/agent/session-config.js";
import type { ModelClient, ModelEvent, Prompt } from "../../../src/model/model-client.js";
import { emptyUsage, silentLogger, type ResponseItem, type RolloutItem, type RolloutRecorder, type TokenUsage } from "../../../src/protocol/index.js";
import { ToolRouter } from "../../../src/tools/tool-router.js";

/** Marks the point where a scripted stream blocks until the turn is aborted. */
export const HANG = Symbol("hang");

/** One scripted response: events to yield, an error to throw, or HANG. */
export type Step = ModelEvent | Error | typeof HANG;

/** A ModelClient that plays one script per `stream()` call and records every prompt it was sent. */
export class FakeModelClient implements ModelClient {
  readonly prompts: Prompt[] = [];
  readonly signals: AbortSignal[] = [];
  private readonly scripts: Step[][];
  private hangWaiters: Array<() => void> = [];
  hanging = false;

  constructor(scripts: Step[][]) {
    this.scripts = [...scripts];
  }

  /** Resolves once a stream reaches a HANG step. */
  whenHanging(): Promise<void> {
    if (this.hanging) return Promise.resolve();
    return new Promise((resolve) => this.hangWaiters.push(resolve));
  }

  get remaining(): number {
    return this.scripts.length;
  }

  async *stream(prompt: Prompt, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    this.prompts.push(structuredClone(prompt));
    this.signals.push(signal);
    const script = this.scripts.shift();
    if (!script) throw new Error(`FakeModelClient: no scripted response for request #${this.prompts.length}`);
    for (const step of script) {
      if (step === HANG) {
        this.hanging = true;
        for (const w of this.hangWaiters.splice(0)) w();
        if (!signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        // Like ResponsesClient: an aborted stream ends quietly.
        return;
      }
      if (step instanceof Error) throw step;
      yield step;
    }
  }
}

/** A clock whose sleep returns at once and records the requested delays. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  now(): number {
    return 1_700_000_000_000;
  }
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal.aborted) throw new DOMException("aborted", "AbortError");
  }
}

export function sessionConfig(over: Partial<SessionConfig> = {}): SessionConfig {
  return {
    threadId: "01a1fe74-4539-7ec0-b97f-c4e26de07916",
    cwd: "/work/repo",
    model: "gpt-5.5",
    modelProviderId: "mock",
    approvalPolicy: "never",
    sandbox: { mode: "read-only", writableRoots: [], readOnlySubpaths: [], networkAccess: false },
    sandboxSummary: "read-only",
    reasoningEffort: null,
    reasoningSummary: null,
    responsesWire: true,
    baseInstructions: "You are a test agent.",
    requestMaxRetries: 4,
    streamMaxRetries: 5,
    retryBaseDelayMs: 200,
    startupWarnings: [],
    autoCompactTokenLimit: null,
    budget: { maxRequests: null, maxTokens: null, maxCostUsd: null, price: null },
    initialContext: [],
    initialHistory: [],
    initialUsage: emptyUsage(),
    initialLastTokenTotal: 0,
    sessionMeta: null,
    recordInitialHistory: false,
    ...over,
  };
}

export function deps(model: ModelClient, clock: FakeClock = new FakeClock()): AgentDeps {
  return { modelClient: model, tools: new ToolRouter([]), clock, random: () => 0.5, logger: silentLogger, rollout: new MemoryRecorder() };
}

export function usage(input: number, cached: number, output: number, reasoning = 0): TokenUsage {
  return {
    input_tokens: input,
    cached_input_tokens: cached,
    cache_write_input_tokens: 0,
    output_tokens: output,
    reasoning_output_tokens: reasoning,
  };
}

const done = (item: ResponseItem): ModelEvent => ({ type: "output_item_done", item });

/** Shorthands for the model events of one response. */
export const m = {
  created: (): ModelEvent => ({ type: "created" }),
  message: (text: string, id?: string): ModelEvent =>
    done({ type: "message", role: "assistant", content: [{ type: "output_text", text }], ...(id ? { id } : {}) }),
  reasoning: (parts: string[], id = "rs_1"): ModelEvent =>
    done({ type: "reasoning", id, summary: parts.map((text) => ({ type: "summary_text", text })), encrypted_content: "enc" }),
  functionCall: (name: string, callId: string, args = "{}"): ModelEvent =>
    done({ type: "function_call", id: `fc_${callId}`, name, arguments: args, call_id: callId }),
  customCall: (name: string, callId: string, input: string): ModelEvent =>
    done({ type: "custom_tool_call", id: `ctc_${callId}`, name, input, call_id: callId }),
  completed: (u: TokenUsage | null = null, responseId = "resp_1"): ModelEvent => ({ type: "completed", responseId, usage: u }),
};

/** A rollout recorder that keeps the recorded items in memory. */
export class MemoryRecorder implements RolloutRecorder {
  readonly path = null;
  readonly items: RolloutItem[] = [];
  flushes = 0;
  async record(items: readonly RolloutItem[]): Promise<void> {
    this.items.push(...items);
  }
  async flush(): Promise<void> {
    this.flushes += 1;
  }
}
