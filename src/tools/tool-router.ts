// Routes the model's tool calls to handlers; failures come back as output text, never as throws.

import type { ContentItem, EventMsg, Logger, SandboxPolicy, ToolSpec } from "../protocol/index.js";
import { truncateMiddle, type TruncationPolicy } from "./truncate.js";

/** A call the model made, as received. */
export type ToolCall =
  /** `namespace` is set when the model called a tool inside a namespace (`mcp__<server>__` + `<tool>`). */
  | { kind: "function"; name: string; namespace?: string; arguments: string; callId: string }
  | { kind: "custom"; name: string; input: string; callId: string };

/** What goes back to the model for one call: text, or content items (e.g. an image). */
export interface ToolResult {
  output: string | ContentItem[];
  success: boolean;
}

/** What a tool may know and do during one call. */
export interface ToolContext {
  /** The turn's working directory; relative paths resolve against it. */
  cwd: string;
  signal: AbortSignal;
  callId: string;
  threadId: string;
  /** What commands and patches may write and reach. */
  sandbox: SandboxPolicy;
  /** Emit a session event (exec_command_begin/end, patch_apply_begin/end, plan_update, …). */
  emit: (msg: EventMsg) => void;
  logger: Logger;
}

/** One tool: its wire spec and its handler. */
export interface ToolHandler {
  spec: ToolSpec;
  /** Parallel-safe tools may run concurrently; others run one at a time, in call order. */
  parallelSafe: boolean;
  /** Other names calls may use, e.g. the namespace form `mcp__<server>__<tool>` before sanitising. */
  aliases?: readonly string[];
  handle(call: ToolCall, ctx: ToolContext): Promise<ToolResult>;
}

/** The tools offered in a session, plus server-side tools (e.g. web_search) that have no handler. */
export class ToolRouter {
  private readonly byName = new Map<string, ToolHandler>();
  private readonly byAlias = new Map<string, ToolHandler>();

  constructor(
    handlers: readonly ToolHandler[],
    private readonly serverSideSpecs: readonly ToolSpec[] = [],
    private readonly hooks: {
      onTurnStart?: () => void;
      /**
       * The model's truncation budget. Every output's text is capped at 1.2× of it, as codex records
       * tool outputs: a tool without its own budget (an MCP tool returning megabytes) cannot flood the context.
       */
      truncation?: TruncationPolicy;
    } = {},
  ) {
    for (const h of handlers) if (h.spec.name) this.byName.set(h.spec.name, h);
    for (const h of handlers) for (const alias of h.aliases ?? []) if (!this.byAlias.has(alias)) this.byAlias.set(alias, h);
  }

  /** Called by the agent when a turn begins (e.g. to restart the turn's diff). */
  startTurn(): void {
    this.hooks.onTurnStart?.();
  }

  specs(): ToolSpec[] {
    return [...[...this.byName.values()].map((h) => h.spec), ...this.serverSideSpecs];
  }

  /** Whether calls to this tool (a name, or a call as made) may overlap with other parallel-safe calls. */
  isParallelSafe(call: string | ToolCall): boolean {
    return this.handlerFor(typeof call === "string" ? { name: call } : call)?.parallelSafe ?? false;
  }

  /** The handler a call resolves to: by name, or for a namespace call by `<namespace>__<name>`. */
  private handlerFor(call: { name: string; namespace?: string }): ToolHandler | undefined {
    const key = qualifiedName(call);
    return this.byName.get(key) ?? this.byAlias.get(key);
  }

  /** Run a call; unknown tools and handler crashes become error text for the model. */
  async dispatch(call: ToolCall, ctx: ToolContext): Promise<ToolResult> {
    const handler = this.handlerFor(call);
    if (!handler) {
      const output = call.kind === "custom" ? `unsupported custom tool call: ${call.name}` : `unsupported call: ${qualifiedName(call)}`;
      return { output, success: false };
    }
    try {
      return this.capped(await handler.handle(call, ctx));
    } catch (err) {
      ctx.logger.error({ err: String(err), tool: call.name }, "tool handler threw");
      return { output: `execution error: ${err instanceof Error ? err.message : String(err)}`, success: false };
    }
  }

  private capped(result: ToolResult): ToolResult {
    return this.hooks.truncation === undefined ? result : capOutput(result, this.hooks.truncation);
  }
}

/** The output with its text cut in the middle to 1.2× the model's budget (images are left whole). */
function capOutput(result: ToolResult, policy: TruncationPolicy): ToolResult {
  const cap: TruncationPolicy = { mode: policy.mode, limit: Math.floor(policy.limit * 1.2) };
  if (typeof result.output === "string") return { ...result, output: truncateMiddle(result.output, cap) };
  const output = result.output.map((item) => (item.type === "input_text" ? { ...item, text: truncateMiddle(item.text, cap) } : item));
  return { ...result, output };
}

/** `name`, or for a namespace call `<namespace>__<name>` (`mcp__srv` and `mcp__srv__` both give `mcp__srv__tool`). */
function qualifiedName(call: { name: string; namespace?: string }): string {
  if (call.namespace === undefined || call.namespace === "") return call.name;
  const ns = call.namespace.endsWith("__") ? call.namespace.slice(0, -2) : call.namespace;
  return `${ns}__${call.name}`;
}
