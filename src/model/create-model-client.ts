// Chooses the model client for a provider's wire API; both yield the same ModelEvents.

import { assertNever } from "../protocol/index.js";
import { ChatCompletionsClient } from "./chat/chat-completions-client.js";
import type { ModelClient } from "./model-client.js";
import type { ModelClientOptions } from "./transport/openai-sdk.js";
import { ResponsesClient } from "./responses/responses-client.js";

/** `responses`: `POST /responses`; `chat`: `POST /chat/completions` (self-hosted and most third-party servers). */
export function createModelClient(wireApi: "responses" | "chat", opts: ModelClientOptions): ModelClient {
  switch (wireApi) {
    case "responses":
      return new ResponsesClient(opts);
    case "chat":
      return new ChatCompletionsClient(opts);
    default:
      return assertNever(wireApi);
  }
}
