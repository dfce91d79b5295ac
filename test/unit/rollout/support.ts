// Shared helpers for the rollout tests: temp CODEX_HOMEs, a settable clock, sample items.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import type { RolloutItem, SessionMeta } from "../../../src/protocol/index.js";
import type { RolloutClock } from "../../../src/rollout/file-recorder.js";
import { formatRolloutLine } from "../../../src/rollout/rollout-line.js";

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A fresh temp folder, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "codex-rollout-"));
  made.push(dir);
  return dir;
}

/** A clock that returns `at` until moved. */
export function fakeClock(at: Date): RolloutClock & { set(d: Date): void } {
  let now = at;
  return { now: () => now, set: (d) => (now = d) };
}

export const THREAD_A = "0196f5a2-1c3d-7e4f-8a9b-0c1d2e3f4a5b";
export const THREAD_B = "0196f5a2-1c3d-7e4f-8a9b-0c1d2e3f4a5c";

export function meta(id: string, cwd: string, extra: Partial<SessionMeta> = {}): RolloutItem {
  return {
    type: "session_meta",
    payload: {
      id,
      timestamp: "2025-01-02T03:04:05.678Z",
      cwd,
      originator: "codex_exec",
      cli_version: "0.1.0",
      source: "exec",
      ...extra,
    },
  };
}

export function user(text: string): RolloutItem {
  return { type: "response_item", payload: { type: "message", role: "user", content: [{ type: "input_text", text }] } };
}

export function assistant(text: string): RolloutItem {
  return { type: "response_item", payload: { type: "message", role: "assistant", content: [{ type: "output_text", text }] } };
}

export function turnContext(cwd: string): RolloutItem {
  return {
    type: "turn_context",
    payload: { cwd, approval_policy: "never", sandbox_policy: { type: "read-only" }, model: "gpt-5" },
  };
}

export function tokenCount(input: number, output: number): RolloutItem {
  const u = { input_tokens: input, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: output, reasoning_output_tokens: 0 };
  return { type: "event_msg", payload: { type: "token_count", info: { total_token_usage: u, last_token_usage: u } } };
}

/** File text for `items`, one whole line each, as the recorder writes them. */
export function rolloutText(items: readonly RolloutItem[], at = new Date("2025-01-02T03:04:05.678Z")): string {
  return items.map((it) => `${formatRolloutLine(it, at)}\n`).join("");
}
