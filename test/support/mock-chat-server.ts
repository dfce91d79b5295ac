// A loopback mock of Chat Completions: serves scripted `data: {chunk}` streams or HTTP errors in order, records requests.

import http from "node:http";
import { noStepLeft, readRequest, ScriptedMock, type RecordedRequest } from "./loopback-http.js";

export type { RecordedRequest };

export type Chunk = Record<string, unknown>;

/** What the server does for one request. */
export type ChatStep =
  | {
      kind: "sse";
      chunks: Chunk[];
      /** Send `data: [DONE]` after the chunks (default true). */
      done?: boolean;
      /** Destroy the socket after this many chunks (a reset mid-body). */
      destroyAfter?: number;
      /** Stop sending after this many chunks and keep the connection open. */
      hangAfter?: number;
    }
  | { kind: "http"; status: number; headers?: Record<string, string>; body: string | object }
  | { kind: "dynamic"; build: (request: RecordedRequest) => ChatStep };

/** Token counts as Chat Completions reports them. */
export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cached?: number;
  reasoning?: number;
}

export interface ToolCallSpec {
  id?: string;
  name: string;
  arguments: string | object;
  /** Split the JSON arguments into this many chunks (default 3). */
  pieces?: number;
}

/** One scripted completion: text, reasoning, tool calls, usage (omitted: no usage chunk). */
export interface ChatReplySpec {
  id?: string;
  text?: string;
  reasoning?: string;
  toolCalls?: ToolCallSpec[];
  usage?: ChatUsage;
  /** Default: `tool_calls` when there are calls, else `stop`. */
  finishReason?: string;
  /** Put the usage on the finishing chunk instead of a separate final chunk (some servers do). */
  usageOnFinishChunk?: boolean;
}

let counter = 0;

/** Split `text` into `n` nearly equal, non-empty pieces (fewer if it is short). */
function split(text: string, n: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / n));
  return text.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) ?? [""];
}

/** The chunks a server like OpenAI's streams for `spec`. */
export function chatChunks(spec: ChatReplySpec): Chunk[] {
  const id = spec.id ?? `chatcmpl-mock${(++counter).toString(36)}`;
  const base = { id, object: "chat.completion.chunk", created: 1_700_000_000, model: "mock-model" };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Chunk = {}): Chunk => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });
  const out: Chunk[] = [chunk({ role: "assistant", content: "" })];
  for (const piece of spec.reasoning ? split(spec.reasoning, 2) : []) out.push(chunk({ reasoning: piece }));
  for (const piece of spec.text ? split(spec.text, Math.ceil(spec.text.length / 8)) : []) out.push(chunk({ content: piece }));
  (spec.toolCalls ?? []).forEach((call, index) => {
    const args = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
    out.push(
      chunk({
        tool_calls: [{ index, id: call.id ?? `call_mock${(++counter).toString(36)}`, type: "function", function: { name: call.name, arguments: "" } }],
      }),
    );
    for (const piece of split(args, call.pieces ?? 3)) out.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  const finish = spec.finishReason ?? (spec.toolCalls?.length ? "tool_calls" : "stop");
  const usage = spec.usage ? { usage: wireUsage(spec.usage) } : {};
  if (spec.usageOnFinishChunk) {
    out.push(chunk({}, finish, usage));
  } else {
    out.push(chunk({}, finish));
    if (spec.usage) out.push({ ...base, choices: [], ...usage });
  }
  return out;
}

function wireUsage(u: ChatUsage): Chunk {
  return {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.prompt_tokens + u.completion_tokens,
    prompt_tokens_details: { cached_tokens: u.cached ?? 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoning ?? 0 },
  };
}

export type ChatSseStep = Extract<ChatStep, { kind: "sse" }>;

/** Scenario shorthand: a successful streamed completion (spread it to add a cut: `{ ...chatReply(s), hangAfter: 1 }`). */
export function chatReply(spec: ChatReplySpec): ChatSseStep {
  return { kind: "sse", chunks: chatChunks(spec) };
}

/** Scenario shorthand: an HTTP error with a JSON (or raw text) body. */
export function chatHttpError(status: number, body: string | object, headers?: Record<string, string>): ChatStep {
  return { kind: "http", status, body, ...(headers ? { headers } : {}) };
}

export class MockChatServer extends ScriptedMock<ChatStep> {
  /** Start on 127.0.0.1 with an ephemeral port. */
  static start(steps: ChatStep[]): Promise<MockChatServer> {
    return new MockChatServer([...steps]).listen();
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const recorded = await readRequest(req);
    this.requests.push(recorded);
    let step = this.steps.shift();
    if (step?.kind === "dynamic") step = step.build(recorded);
    if (!step || step.kind === "dynamic") {
      noStepLeft(res, { code: 500 });
      return;
    }
    if (step.kind === "http") {
      const isText = typeof step.body === "string";
      res.writeHead(step.status, { "content-type": isText ? "text/plain" : "application/json", ...step.headers });
      res.end(isText ? step.body : JSON.stringify(step.body));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.flushHeaders();
    const send = (frame: string): Promise<void> => new Promise((resolve) => res.write(frame, () => resolve()));
    for (const [i, c] of step.chunks.entries()) {
      if (step.destroyAfter === i) {
        res.socket?.destroy();
        return;
      }
      if (step.hangAfter === i) return;
      await send(`data: ${JSON.stringify(c)}\n\n`);
    }
    // `hangAfter` = the number of chunks: everything sent, then the body stays open.
    if (step.hangAfter === step.chunks.length) return;
    if (step.done !== false) await send("data: [DONE]\n\n");
    res.end();
  }
}
