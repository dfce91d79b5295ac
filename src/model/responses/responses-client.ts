// ModelClient over the Responses API: the official openai SDK sends the request, sse-json-stream reads the events, our own checks on top.

import type OpenAI from "openai";
import { StreamError } from "../../errors.js";
import { mapApiError } from "../map-api-error.js";
import type { ModelClient, ModelEvent, Prompt } from "../model-client.js";
import { createOpenAiSdk, type ModelClientOptions } from "../transport/openai-sdk.js";
import { buildResponsesBody } from "./responses-request.js";
import { toModelEvents } from "./responses-events.js";
import { isConsumedWireEvent } from "./responses-wire.js";
import { sseJsonBatches } from "../transport/sse-json-stream.js";

export type ResponsesClientOptions = ModelClientOptions;

/** Streams one response per call; no retries here (the agent's retry policy owns them). */
export class ResponsesClient implements ModelClient {
  private readonly sdk: OpenAI;

  constructor(private readonly opts: ResponsesClientOptions) {
    this.sdk = createOpenAiSdk(opts);
  }

  async *stream(prompt: Prompt, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const body = buildResponsesBody(prompt, this.opts.settings);
      const threadId = this.opts.settings.threadId;
      let response: Response;
      try {
        // The raw response: its events are read by sseJsonBatches, much cheaper than the SDK's Stream.
        response = await this.sdk
          .post("/responses", {
            body,
            stream: true,
            signal: controller.signal,
            headers: { session_id: threadId, "x-client-request-id": threadId, Accept: "text/event-stream" },
          })
          .asResponse();
      } catch (err) {
        if (signal.aborted) return;
        throw mapApiError(err, this.opts.errorContext);
      }
      yield* this.readEvents(response, controller, signal);
    } finally {
      signal.removeEventListener("abort", onAbort);
      controller.abort();
    }
  }

  private async *readEvents(response: Response, controller: AbortController, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    // The idle timer guards each read of the body (no bytes for that long), not each event.
    const batches = sseJsonBatches(response, {
      controller,
      idleTimeoutMs: this.opts.idleTimeoutMs,
      // Events we would ignore are never parsed (the `*.done` ones repeat the whole text).
      skip: (name) => !isConsumedWireEvent(name),
      ...(this.opts.onLargePayloads ? { onLargePayloads: this.opts.onLargePayloads } : {}),
    });
    try {
      for (;;) {
        let next: IteratorResult<unknown[]>;
        try {
          next = await batches.next();
        } catch (err) {
          if (signal.aborted) return;
          const mapped = mapApiError(err, this.opts.errorContext);
          // Once the stream has started, any failure is a stream failure (its own retry budget).
          if (mapped instanceof StreamError) throw mapped;
          throw new StreamError("stream_transport", `stream disconnected before completion: ${mapped.message}`, true, {
            cause: err,
          });
        }
        if (next.done) break;
        const { events, end } = toModelEvents(next.value, this.opts.logger);
        for (const ev of events) yield ev;
        if (end === "completed") return;
        if (end !== null) throw end.error;
      }
      if (signal.aborted) return;
      throw new StreamError("stream_closed_early", "stream closed before response.completed");
    } finally {
      await batches.return(undefined);
    }
  }
}
