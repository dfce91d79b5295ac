// Routes the model's tool calls to handlers; failures come back as output text, never as throws.

import type { ContentItem, EventMsg, Logger, SandboxPolicy, ToolSpec } from "../protocol/index.js";

/** A call the model made, as received. */
export type ToolCall =
  | { kind: "function"; name: string; arguments: string; callId: string }
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
  handle(call: ToolCall, ctx: ToolContext): Promise<ToolResult>;
}

/** The tools offered in a session, plus server-side tools (e.g. web_search) that have no handler. */
export class ToolRouter {
  private readonly byName = new Map<string, ToolHandler>();

  constructor(
    handlers: readonly ToolHandler[],
    private readonly serverSideSpecs: readonly ToolSpec[] = [],
    private readonly hooks: { onTurnStart?: () => void } = {},
  ) {
    for (const h of handlers) if (h.spec.name) this.byName.set(h.spec.name, h);
  }

  /** Called by the agent when a turn begins (e.g. to restart the turn's diff). */
  startTurn(): void {
    this.hooks.onTurnStart?.();
  }

  specs(): ToolSpec[] {
    return [...[...this.byName.values()].map((h) => h.spec), ...this.serverSideSpecs];
  }

  /** Whether calls to `name` may overlap with other parallel-safe calls. */
  isParallelSafe(name: string): boolean {
    return this.byName.get(name)?.parallelSafe ?? false;
  }

  /** Run a call; unknown tools and handler crashes become error text for the model. */
  async dispatch(call: ToolCall, ctx: ToolContext): Promise<ToolResult> {
    const handler = this.byName.get(call.name);
    if (!handler) {
      const output = call.kind === "custom" ? `unsupported custom tool call: ${call.name}` : `unsupported call: ${call.name}`;
      return { output, success: false };
    }
    try {
      return await handler.handle(call, ctx);
    } catch (err) {
      ctx.logger.error({ err: String(err), tool: call.name }, "tool handler threw");
      return { output: `execution error: ${err instanceof Error ? err.message : String(err)}`, success: false };
    }
  }
}
