// Wraps the model client to count requests and report activity (for the summary and --idle-timeout).

import type { ModelClient, ModelEvent, Prompt } from "../model/model-client.js";

/** A ModelClient that calls `onRequest` per request and `onActivity` per streamed event. */
export function instrumentModelClient(inner: ModelClient, hooks: { onRequest: () => void; onActivity: () => void }): ModelClient {
  return {
    async *stream(prompt: Prompt, signal: AbortSignal): AsyncGenerator<ModelEvent> {
      hooks.onRequest();
      for await (const ev of inner.stream(prompt, signal)) {
        hooks.onActivity();
        yield ev;
      }
    },
  };
}
