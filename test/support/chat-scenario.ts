// Per-test Chat Completions mock + workspace (a `wire_api = "chat"` provider), torn down when the test finishes.

import type { TestContext } from "vitest";
import { MockChatServer, type ChatStep } from "./mock-chat-server.js";
import { makeWorkspace, type Workspace } from "./temp-repo.js";

export interface ChatScenario {
  ws: Workspace;
  mock: MockChatServer;
}

export interface ChatScenarioOptions {
  /** config.toml text given the mock's base URL; default: `chatProviderConfig`. */
  config?: (url: string) => string;
  /** Extra lines inside `[model_providers.local]` for the default config. */
  providerExtra?: string;
  files?: Record<string, string>;
}

/** A config.toml selecting the `local` custom provider on the chat wire, with fast retries. */
export function chatProviderConfig(baseUrl: string, extra = ""): string {
  return `model = "llama3.2"
model_provider = "local"

[model_providers.local]
name = "Local"
base_url = "${baseUrl}"
wire_api = "chat"
retry_base_delay_ms = 1
stream_idle_timeout_ms = 5000
${extra}
`;
}

/** Start a chat mock scripted with `steps` and a temp git workspace pointing at it. */
export async function chatScenario(ctx: TestContext, steps: ChatStep[], opts: ChatScenarioOptions = {}): Promise<ChatScenario> {
  const mock = await MockChatServer.start(steps);
  const config = opts.config ? opts.config(mock.url) : chatProviderConfig(mock.url, opts.providerExtra ?? "");
  const ws = await makeWorkspace({ config, ...(opts.files ? { files: opts.files } : {}) });
  ctx.onTestFinished(async () => {
    await mock.close();
    await ws.cleanup();
  });
  return { ws, mock };
}
