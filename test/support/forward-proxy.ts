// A loopback forward proxy for e2e tests: CONNECT tunnels and absolute-form requests, to hosts only it can resolve.
//
// Tests give model and MCP servers host names that do not resolve (`model.internal.test`); only this proxy
// maps them to 127.0.0.1, so a run that reaches them went through it. It never connects anywhere but loopback.

import http from "node:http";
import net, { type AddressInfo, type Socket } from "node:net";
import { SocketSet } from "./socket-set.js";

export interface ProxiedRequest {
  /** `CONNECT` for a tunnel, else the method of an absolute-form request. */
  method: string;
  /** The `host:port` asked for. */
  target: string;
  /** The Proxy-Authorization header the client sent, if any. */
  authorization: string | undefined;
}

/** Headers that are for the proxy only (RFC 9110 §7.6.1, plus the de-facto Proxy-Connection). */
const HOP_BY_HOP = ["proxy-authorization", "proxy-connection", "connection", "keep-alive"];

export class ForwardProxy {
  readonly requests: ProxiedRequest[] = [];
  private readonly sockets = new SocketSet();

  private constructor(
    private readonly server: http.Server,
    private readonly hosts: Readonly<Record<string, string>>,
  ) {
    this.sockets.watch(server);
    server.on("request", (req, res) => this.forward(req, res));
    server.on("connect", (req, socket, head) => this.tunnel(req, socket as Socket, head));
  }

  /** Listen on 127.0.0.1; `hosts` maps the names it resolves (each also reachable as 127.0.0.1 itself). */
  static async start(hosts: Record<string, string>): Promise<ForwardProxy> {
    const proxy = new ForwardProxy(http.createServer(), { ...hosts, "127.0.0.1": "127.0.0.1" });
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port>`, or with `user:password@` credentials. */
  url(credentials?: string): string {
    return `http://${credentials ? `${credentials}@` : ""}127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    return this.sockets.close(this.server);
  }

  private record(method: string, target: string, req: http.IncomingMessage): void {
    this.requests.push({ method, target, authorization: req.headers["proxy-authorization"] });
  }

  /** An absolute-form request (`GET http://host:port/path`): sent on to the mapped host, the answer piped back. */
  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    let url: URL;
    try {
      url = new URL(req.url ?? "");
    } catch {
      res.writeHead(400).end("proxy: not an absolute-form request");
      return;
    }
    this.record(req.method ?? "", url.host, req);
    const address = this.hosts[url.hostname];
    if (address === undefined || url.protocol !== "http:") {
      res.writeHead(502).end(`proxy: cannot reach ${url.host}`);
      return;
    }
    const headers = { ...req.headers };
    for (const name of HOP_BY_HOP) delete headers[name];
    const upstream = http.request(
      { host: address, port: Number(url.port || 80), method: req.method, path: `${url.pathname}${url.search}`, headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  }

  /** `CONNECT host:port`: a raw tunnel to the mapped host. */
  private tunnel(req: http.IncomingMessage, client: Socket, head: Buffer): void {
    const target = req.url ?? "";
    this.record("CONNECT", target, req);
    const match = /^(.+):(\d+)$/.exec(target);
    const address = match ? this.hosts[match[1] ?? ""] : undefined;
    if (!match || address === undefined) {
      client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
      return;
    }
    const upstream = net.connect(Number(match[2]), address, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.sockets.track(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
  }
}
