// Shared fixtures for the unified-exec tests: a tool context that records events, and process probes.

import type { EventMsg } from "../../../../src/protocol/index.js";
import { silentLogger } from "../../../../src/protocol/index.js";
import type { SandboxPolicy } from "../../../../src/protocol/index.js";
import type { ToolCall, ToolContext } from "../../../../src/tools/tool-router.js";

/** A workspace-write policy with `cwd` as the only writable root and the network off. */
export function workspaceWrite(cwd: string, over: Partial<SandboxPolicy> = {}): SandboxPolicy {
  return { mode: "workspace-write", writableRoots: [cwd], readOnlySubpaths: [], networkAccess: false, ...over };
}

/** A context whose events land in `events` (default policy: workspace-write on `cwd`). */
export function makeContext(
  cwd: string,
  overrides: { sandbox?: SandboxPolicy; signal?: AbortSignal; callId?: string } = {},
): { ctx: ToolContext; events: EventMsg[] } {
  const events: EventMsg[] = [];
  const ctx: ToolContext = {
    cwd,
    signal: overrides.signal ?? new AbortController().signal,
    callId: overrides.callId ?? "call_1",
    threadId: "thread-ctx",
    sandbox: overrides.sandbox ?? workspaceWrite(cwd),
    emit: (msg) => events.push(msg),
    logger: silentLogger,
  };
  return { ctx, events };
}

/** A function call with JSON arguments. */
export function fnCall(name: string, args: unknown, callId = "call_1"): ToolCall {
  return { kind: "function", name, arguments: typeof args === "string" ? args : JSON.stringify(args), callId };
}

export { isAlive } from "../../../support/process-alive.js";

/** The environment the test children get. */
export function testEnv(): Record<string, string> {
  return { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp", SHELL: "/bin/bash" };
}

/** The text part of a tool result. */
export function text(output: unknown): string {
  if (typeof output !== "string") throw new Error("expected text output");
  return output;
}
