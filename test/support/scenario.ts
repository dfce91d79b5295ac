// Per-test mock server + workspace, torn down when that test finishes (safe under describe.concurrent).

import path from "node:path";
import type { TestContext } from "vitest";
import { MockResponsesServer, type Step } from "./mock-responses-server.js";
import { makeWorkspace, mockProviderConfig, type Workspace } from "./temp-repo.js";

export interface Scenario {
  ws: Workspace;
  mock: MockResponsesServer;
  /** `$CODEX_HOME/config.toml` (written unless `config: null`). */
  configPath: string;
}

/** `providerExtra` lines that turn off request and stream retries, so one failure step is the whole run. */
export const NO_RETRIES = "request_max_retries = 0\nstream_max_retries = 0";

export interface ScenarioOptions {
  /** config.toml text given the mock's base URL; default: the `mock` custom provider; `null`: no config.toml. */
  config?: ((url: string) => string) | null;
  /** Extra lines inside `[model_providers.mock]` for the default config. */
  providerExtra?: string;
  git?: boolean;
  files?: Record<string, string>;
}

/** Start a mock server scripted with `steps` and a temp workspace pointing at it. */
export async function scenario(ctx: TestContext, steps: Step[], opts: ScenarioOptions = {}): Promise<Scenario> {
  const mock = await MockResponsesServer.start(steps);
  const config =
    opts.config === null
      ? undefined
      : opts.config
        ? opts.config(mock.url)
        : mockProviderConfig(mock.url, opts.providerExtra ?? "");
  const ws = await makeWorkspace({
    ...(config === undefined ? {} : { config }),
    ...(opts.git === undefined ? {} : { git: opts.git }),
    ...(opts.files ? { files: opts.files } : {}),
  });
  ctx.onTestFinished(async () => {
    await mock.close();
    await ws.cleanup();
  });
  return { ws, mock, configPath: path.join(ws.codexHome, "config.toml") };
}
