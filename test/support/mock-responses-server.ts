// A loopback mock of the Responses API: serves scripted SSE or HTTP errors in order, records requests.

import http from "node:http";
import { noStepLeft, readRequest, ScriptedMock, type RecordedRequest } from "./loopback-http.js";
import { encodeSse, failedEvents, responseEvents, type ItemSpec, type SseEvent, type Usage } from "./sse-events.js";

/** What the server does for one request. */
export type Step =
  | {
      kind: "sse";
      events: SseEvent[];
      /** Destroy the socket after this many events (a reset mid-body). */
      destroyAfter?: number;
      /** End the body cleanly after this many events (no `response.completed`). */
      endAfter?: number;
      /** Stop sending after this many events and keep the connection open. */
      hangAfter?: number;
      /** Extra raw text sent before the events (e.g. a malformed frame). */
      rawPrefix?: string;
    }
  | { kind: "http"; status: number; headers?: Record<string, string>; body: string | object }
  /** Decide the response from the request (e.g. answer with a session id the previous output named). */
  | { kind: "dynamic"; build: (request: RecordedRequest) => Step };

export type { RecordedRequest };

/** Scenario shorthand: a successful response with these items. */
export function reply(items: readonly ItemSpec[], usage?: Usage): Step {
  return { kind: "sse", events: responseEvents(items, usage) };
}

/**
 * The ids of the `response.completed` events these scripted steps send, in order: what a turn served
 * by them reports as `response_ids`. A step cut before its `response.completed` contributes none.
 */
export function responseIdsOf(...steps: readonly Step[]): string[] {
  return steps.flatMap((step) => {
    if (step.kind !== "sse") throw new Error(`mock: response ids of a '${step.kind}' step are not known in advance`);
    const cut = Math.min(step.destroyAfter ?? Infinity, step.endAfter ?? Infinity, step.hangAfter ?? Infinity);
    return step.events.slice(0, cut).flatMap(completedId);
  });
}

/** The response id of a `response.completed` event; none for any other event. */
function completedId(event: SseEvent): string[] {
  if (event.type !== "response.completed") return [];
  const id = (event["response"] as { id?: unknown } | undefined)?.id;
  if (typeof id !== "string") throw new Error("mock: response.completed without a string response.id");
  return [id];
}

/** Scenario shorthand: a `response.failed`. */
export function failed(code: string | null, message: string): Step {
  return { kind: "sse", events: failedEvents(code, message) };
}

/** Scenario shorthand: an HTTP error with a JSON (or raw text) body. */
export function httpError(status: number, body: string | object, headers?: Record<string, string>): Step {
  return { kind: "http", status, body, ...(headers ? { headers } : {}) };
}

export class MockResponsesServer extends ScriptedMock<Step> {
  /** Ids of the `response.completed` events written so far, in the order they went out. */
  readonly sentResponseIds: string[] = [];

  /** Start on 127.0.0.1 with an ephemeral port. */
  static start(steps: Step[]): Promise<MockResponsesServer> {
    return new MockResponsesServer([...steps]).listen();
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const recorded = await readRequest(req);
    this.requests.push(recorded);
    let step = this.steps.shift();
    if (step?.kind === "dynamic") step = step.build(recorded);
    if (!step) return noStepLeft(res);
    if (step.kind === "dynamic") throw new Error("mock: a dynamic step must build a concrete step");
    if (step.kind === "http") {
      const isText = typeof step.body === "string";
      res.writeHead(step.status, { "content-type": isText ? "text/html" : "application/json", ...step.headers });
      res.end(isText ? step.body : JSON.stringify(step.body));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.flushHeaders();
    // Each frame is handed to the socket before the next, so a cut happens after what was sent.
    const send = (text: string): Promise<void> => new Promise((resolve) => res.write(text, () => resolve()));
    if (step.rawPrefix) await send(step.rawPrefix);
    const frames = encodeSse(step.events);
    for (const [i, frame] of frames.entries()) {
      if (step.destroyAfter === i) {
        res.socket?.destroy();
        return;
      }
      if (step.endAfter === i) {
        res.end();
        return;
      }
      if (step.hangAfter === i) return;
      await send(frame);
      this.sentResponseIds.push(...completedId(step.events[i] as SseEvent));
    }
    res.end();
  }
}
