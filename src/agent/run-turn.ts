// One turn: sample the model, run the tools it calls, feed results back, until it stops calling tools.

import { CodexExecError, isAbortError, ModelApiError, StreamError } from "../errors.js";
import { isRetryable, retryDelayMs, retryPhase } from "./retry-policy.js";
import {
  messageText,
  MISSING_CALL_OUTPUT,
  subtractUsage,
  type FinalOutputCheck,
  type ContentItem,
  type EventMsg,
  type MessageItem,
  type ResponseItem,
  type TurnError,
  type UserInput,
} from "../protocol/index.js";
import type { ToolCall, ToolResult } from "../tools/tool-router.js";
import { compactHistory, needsCompaction } from "./compact-history.js";
import { promptItems } from "./prompt-items.js";
import type { ThreadHistory } from "./thread-history.js";
import type { ToolLock } from "./tool-lock.js";
import type { AgentDeps, SessionConfig } from "./session-config.js";
import { budgetExceeded, limitsUsage, usageOverBudget } from "./turn-budget.js";

export interface TurnContext {
  turnId: string;
  config: SessionConfig;
  deps: AgentDeps;
  state: ThreadHistory;
  emit: (msg: EventMsg) => void;
  signal: AbortSignal;
  outputSchema?: unknown;
  /** Validates the final answer against the user's schema (`--output-schema`). */
  checkOutput?: FinalOutputCheck;
  /** Ids of the responses received in this turn (filled as they complete). */
  responseIds: string[];
  /** Serialises tool calls that are not parallel-safe; one per turn. */
  lock: ToolLock;
  /** Call ids this turn's tool events used: a provider may repeat one (`call_0` in every response). */
  eventCallIds: Set<string>;
}

export type TurnOutcome =
  | { status: "completed"; lastAgentMessage: string | null }
  | { status: "failed"; error: TurnError }
  | { status: "interrupted" };

interface SampleResult {
  needsFollowUp: boolean;
  lastAgentMessage: string | null;
  /** Set when the response's usage crossed a limit: its tool calls were not run, the turn stops. */
  overBudget: string | null;
}

/** The turn's usage limit the latest response crossed, or null. */
type UsageCheck = () => string | null;

/** Run a whole turn; never throws (failures and interrupts are outcomes). */
export async function runTurn(ctx: TurnContext, input: readonly UserInput[]): Promise<TurnOutcome> {
  if (ctx.state.items.length === 0) ctx.state.append(...ctx.config.initialContext);
  else if (needsCompaction(ctx)) await compactHistory(ctx);
  const message = userMessage(input);
  ctx.state.append(message);
  ctx.state.write([{ type: "event_msg", payload: { type: "user_message", message: promptText(input) } }]);
  ctx.deps.tools.startTurn();
  let lastAgentMessage: string | null = null;
  let schemaRetried = false;
  const usageAtStart = ctx.state.usage;
  let requests = 0;
  const overBudget: UsageCheck = () => usageOverBudget(ctx.config.budget, subtractUsage(ctx.state.usage, usageAtStart));
  try {
    for (;;) {
      requests += 1;
      const result = await sampleWithRetries(ctx, overBudget);
      if (result.overBudget !== null) return { status: "failed", error: { code: "budget", message: result.overBudget } };
      lastAgentMessage = result.lastAgentMessage ?? lastAgentMessage;
      if (!result.needsFollowUp) {
        if (!ctx.checkOutput) return { status: "completed", lastAgentMessage };
        const verdict = ctx.checkOutput(lastAgentMessage ?? "");
        if (verdict.ok) return { status: "completed", lastAgentMessage: verdict.text };
        if (schemaRetried) {
          return { status: "failed", error: { code: "schema", message: `the final answer does not match the output schema: ${verdict.problems}` } };
        }
        // One more chance, with the validator's findings.
        schemaRetried = true;
        ctx.emit({ type: "warning", message: `the final answer does not match the output schema (${verdict.problems}); asking the model to correct it` });
        ctx.state.append(userMessage([{ type: "text", text: schemaRetryPrompt(verdict.problems) }]));
        continue;
      }
      const over = budgetExceeded(ctx.config.budget, requests, subtractUsage(ctx.state.usage, usageAtStart));
      if (over) return { status: "failed", error: { code: "budget", message: over } };
      if (needsCompaction(ctx)) await compactHistory(ctx);
    }
  } catch (err) {
    if (ctx.signal.aborted || isAbortError(err)) return { status: "interrupted" };
    return { status: "failed", error: toTurnError(err) };
  }
}

/**
 * Sample with retries. Failures before the stream starts (HTTP errors, connection failures) draw on
 * `requestMaxRetries`; failures of a started stream draw on `streamMaxRetries`. Each retry is announced.
 */
async function sampleWithRetries(ctx: TurnContext, overBudget: UsageCheck): Promise<SampleResult> {
  const used = { request: 0, stream: 0 };
  const max = { request: ctx.config.requestMaxRetries, stream: ctx.config.streamMaxRetries };
  for (;;) {
    try {
      return await sampleOnce(ctx, overBudget);
    } catch (err) {
      const phase = retryPhase(err);
      if (ctx.signal.aborted || !isRetryable(err) || used[phase] >= max[phase]) throw err;
      used[phase] += 1;
      const delay = retryDelayMs(err, used[phase], ctx.config.retryBaseDelayMs, ctx.deps.random);
      const details = err instanceof Error ? err.message : String(err);
      ctx.deps.logger.warn({ err: details, phase, attempt: used[phase], delay }, "model request failed; retrying");
      ctx.emit({ type: "stream_error", message: `Reconnecting... ${used[phase]}/${max[phase]}`, details });
      await ctx.deps.clock.sleep(delay, ctx.signal);
    }
  }
}

/**
 * One request and its full stream. Items are recorded as they complete, so a retry resends them.
 * Tool calls run as they arrive; under a token or cost limit they wait for the response's usage, and
 * when it crosses the limit they never run (answered "aborted", so the history stays a valid prompt).
 */
async function sampleOnce(ctx: TurnContext, overBudget: UsageCheck): Promise<SampleResult> {
  const prompt = {
    input: [...promptItems(ctx.state.items)],
    tools: ctx.deps.tools.specs(),
    instructions: ctx.config.baseInstructions,
    ...(ctx.outputSchema === undefined ? {} : { outputSchema: ctx.outputSchema }),
  };
  const pending: Array<Promise<ResponseItem>> = [];
  const held: ToolCall[] | null = limitsUsage(ctx.config.budget) ? [] : null;
  let over: string | null = null;
  let lastAgentMessage: string | null = null;
  try {
    for await (const ev of ctx.deps.modelClient.stream(prompt, ctx.signal)) {
      switch (ev.type) {
        case "output_item_added":
          if (ev.item.type === "web_search_call") {
            ctx.emit({ type: "web_search_begin", call_id: ev.item.id ?? `ws_${ctx.state.items.length}` });
          }
          break;
        case "output_item_done": {
          const item = ev.item;
          ctx.state.append(item);
          const call = toolCallOf(item);
          if (call) {
            if (held) held.push(call);
            else pending.push(runTool(ctx, call));
            break;
          }
          const shown = lastAgentText(ctx, item);
          if (shown !== null) lastAgentMessage = shown;
          break;
        }
        case "completed":
          ctx.responseIds.push(ev.responseId);
          if (ev.usage) {
            ctx.emit({ type: "token_count", total: ctx.state.addUsage(ev.usage), last: ev.usage });
            if (held && held.length > 0) over = overBudget();
          }
          break;
        case "created":
        case "output_text_delta":
        case "reasoning_summary_delta":
          break;
      }
    }
  } finally {
    for (const call of held ?? []) {
      // Under the limit, or no usage to judge (a stream that failed, a provider without usage): they run.
      pending.push(over === null ? runTool(ctx, call) : Promise.resolve(answer(call, MISSING_CALL_OUTPUT)));
    }
    // Outputs of calls already made are recorded even when the stream failed.
    ctx.state.append(...(await Promise.all(pending)));
  }
  if (ctx.signal.aborted) throw new DOMException("turn interrupted", "AbortError");
  if (over !== null && held) {
    const n = held.length;
    over = `${over}; the response's ${n} tool call${n === 1 ? " was" : "s were"} not run`;
  }
  return { needsFollowUp: pending.length > 0, lastAgentMessage, overBudget: over };
}

/** Emit events for a non-tool item; returns the assistant text when it is a non-blank message. */
function lastAgentText(ctx: TurnContext, item: ResponseItem): string | null {
  if (item.type === "message" && item.role === "assistant") {
    const text = messageText(item);
    if (text.trim() === "") return null;
    // Under an output schema, an answer that passes is shown as the check leaves it (introduced nulls
    // dropped), so the JSONL item says what stdout and `-o` say. History keeps what the model sent.
    const verdict = ctx.checkOutput?.(text);
    const shown = verdict?.ok === true ? verdict.text : text;
    ctx.emit({ type: "agent_message", item_id: item.id ?? `msg_${ctx.state.items.length}`, message: shown });
    return text;
  }
  if (item.type === "web_search_call") {
    const action = item.action ?? { type: "other" };
    const query = typeof action["query"] === "string" ? action["query"] : "";
    ctx.emit({ type: "web_search_end", call_id: item.id ?? `ws_${ctx.state.items.length}`, query, action });
    return null;
  }
  if (item.type === "reasoning") {
    const text = item.summary.map((s) => s.text).join("\n");
    if (text.trim() !== "") {
      ctx.emit({ type: "agent_reasoning", item_id: item.id ?? `rs_${ctx.state.items.length}`, text });
    }
  }
  return null;
}

function toolCallOf(item: ResponseItem): ToolCall | null {
  if (item.type === "function_call") {
    const namespace = item.namespace === undefined ? {} : { namespace: item.namespace };
    return { kind: "function", name: item.name, ...namespace, arguments: item.arguments, callId: item.call_id };
  }
  if (item.type === "custom_tool_call") {
    return { kind: "custom", name: item.name, input: item.input, callId: item.call_id };
  }
  return null;
}

async function runTool(ctx: TurnContext, call: ToolCall): Promise<ResponseItem> {
  // Events pair a begin with its end by call id, so each run gets its own; the model still gets the original.
  const used = ctx.eventCallIds;
  let eventCallId = call.callId;
  for (let n = 2; used.has(eventCallId); n++) eventCallId = `${call.callId}#${n}`;
  used.add(eventCallId);
  const release = await ctx.lock.acquire(ctx.deps.tools.isParallelSafe(call));
  let result;
  try {
    result = ctx.signal.aborted
      ? { output: "aborted by user", success: false }
      : await ctx.deps.tools.dispatch(call, {
          cwd: ctx.config.cwd,
          signal: ctx.signal,
          callId: eventCallId,
          threadId: ctx.config.threadId,
          sandbox: ctx.config.sandbox,
          emit: ctx.emit,
          logger: ctx.deps.logger,
        });
  } finally {
    release();
  }
  ctx.emit({ type: "tool_call_end", call_id: eventCallId, tool: call.name, success: result.success });
  return answer(call, result.output);
}

/** The history item answering `call`. */
function answer(call: ToolCall, output: ToolResult["output"]): ResponseItem {
  return call.kind === "custom"
    ? { type: "custom_tool_call_output", call_id: call.callId, output }
    : { type: "function_call_output", call_id: call.callId, output };
}

function toTurnError(err: unknown): TurnError {
  if (err instanceof ModelApiError || err instanceof StreamError) return { message: err.message, code: err.turnCode };
  if (err instanceof CodexExecError) return { message: err.message, code: "internal" };
  return { message: `internal error: ${err instanceof Error ? err.message : String(err)}`, code: "internal" };
}

/** The user's message: each image wrapped in `<image name=[Image #N]>` markers, then the text. */
export function userMessage(input: readonly UserInput[]): MessageItem {
  const content: ContentItem[] = [];
  let n = 0;
  for (const part of input) {
    if (part.type !== "image") continue;
    n += 1;
    content.push({ type: "input_text", text: `<image name=[Image #${n}]>` });
    content.push({ type: "input_image", image_url: part.image_url, detail: "high" });
    content.push({ type: "input_text", text: "</image>" });
  }
  const text = promptText(input);
  if (text !== "" || content.length === 0) content.push({ type: "input_text", text });
  return { type: "message", role: "user", content };
}

function promptText(input: readonly UserInput[]): string {
  return input.flatMap((i) => (i.type === "text" ? [i.text] : [])).join("\n");
}

function schemaRetryPrompt(problems: string): string {
  return `Your final answer does not match the required JSON schema: ${problems}. Reply again with only the corrected JSON object, matching the schema exactly.`;
}
