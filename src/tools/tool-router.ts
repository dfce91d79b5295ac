// Routes the model's tool calls to handlers; failures come back as output text, never as throws.

import type { ToolSpec } from "../protocol/index.js";

/** A call the model made, as received. */
export type ToolCall =
  | { kind: "function"; name: string; arguments: string; callId: string }
  | { kind: "custom"; name: string; input: string; callId: string };

/** What goes back to the model for one call. */
export interface ToolResult {
  output: string;
  success: boolean;
}

export interface ToolContext {
  cwd: string;
  signal: AbortSignal;
}

/** One tool: its wire spec and its handler. */
export interface ToolHandler {
  spec: ToolSpec;
  handle(call: ToolCall, ctx: ToolContext): Promise<ToolResult>;
}

/** The tools offered in a session. */
export class ToolRouter {
  private readonly byName = new Map<string, ToolHandler>();

  constructor(handlers: readonly ToolHandler[]) {
    for (const h of handlers) if (h.spec.name) this.byName.set(h.spec.name, h);
  }

  specs(): ToolSpec[] {
    return [...this.byName.values()].map((h) => h.spec);
  }

  /** Run a call; unknown tools and handler crashes become error text for the model. */
  async dispatch(call: ToolCall, ctx: ToolContext): Promise<ToolResult> {
    const handler = this.byName.get(call.name);
    if (!handler) return { output: `unsupported call: ${call.name}`, success: false };
    try {
      return await handler.handle(call, ctx);
    } catch (err) {
      return { output: `tool ${call.name} failed: ${err instanceof Error ? err.message : String(err)}`, success: false };
    }
  }
}
