// The HTTP plumbing both mock model servers share: listen on 127.0.0.1, record requests, close hard.

import http from "node:http";
import type { AddressInfo } from "node:net";
import { SocketSet } from "./socket-set.js";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
}

/** A server on an ephemeral loopback port whose `close` also ends hanging connections. */
export class LoopbackHttp {
  private readonly sockets = new SocketSet();

  private constructor(private readonly server: http.Server) {
    this.sockets.watch(server);
  }

  static async listen(handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>): Promise<LoopbackHttp> {
    const server = http.createServer((req, res) => void handler(req, res));
    const self = new LoopbackHttp(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return self;
  }

  /** Base URL including `/v1`, as providers are configured. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  close(): Promise<void> {
    return this.sockets.close(this.server);
  }
}

/** Read the whole request; a body that is not JSON is kept as `{ unparsable: text }`. */
export async function readRequest(req: http.IncomingMessage): Promise<RecordedRequest> {
  const receivedAt = Date.now();
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { unparsable: text };
  }
  return { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, receivedAt };
}

/** The answer when a test sent more requests than it scripted. */
export function noStepLeft(res: http.ServerResponse, extra: Record<string, unknown> = {}): void {
  res.writeHead(500, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { message: "mock: no scenario step left", type: "server_error", ...extra } }));
}

/** A mock that answers each request with the next scripted step of type `S`. */
export abstract class ScriptedMock<S> {
  readonly requests: RecordedRequest[] = [];
  private loopback: LoopbackHttp | null = null;

  protected constructor(protected readonly steps: S[]) {}

  /** Start listening; subclasses call this from their static `start`. */
  protected async listen(): Promise<this> {
    this.loopback = await LoopbackHttp.listen((req, res) => this.handle(req, res));
    return this;
  }

  /** Script more responses (e.g. once a test knows paths its answers must name). */
  enqueue(...steps: S[]): void {
    this.steps.push(...steps);
  }

  /** Base URL including `/v1`, as providers are configured. */
  get url(): string {
    if (!this.loopback) throw new Error("mock: not started");
    return this.loopback.url;
  }

  close(): Promise<void> {
    return this.loopback?.close() ?? Promise.resolve();
  }

  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
}
