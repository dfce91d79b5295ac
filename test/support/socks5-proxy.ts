// A loopback SOCKS5 proxy for e2e tests (RFC 1928: no authentication, CONNECT only), with its own host map.
//
// Like forward-proxy.ts, it resolves names only it knows (`model.internal.test` → 127.0.0.1), so a run that
// reached such a host went through it; clients must send the name (socks5h://), not resolve it themselves.

import net, { type AddressInfo, type Socket } from "node:net";
import { SocketSet } from "./socket-set.js";

export class Socks5Proxy {
  /** `host:port` of each CONNECT, in order. */
  readonly connects: string[] = [];
  private readonly sockets = new SocketSet();

  private constructor(
    private readonly server: net.Server,
    private readonly hosts: Readonly<Record<string, string>>,
  ) {
    server.on("connection", (client) => {
      this.sockets.track(client);
      client.on("error", () => client.destroy());
      // The client waits for each answer before it sends on: one message per chunk.
      client.once("data", (greeting: Buffer) => {
        if (greeting[0] !== 5) return client.destroy();
        client.write(Buffer.from([5, 0]));
        client.once("data", (request: Buffer) => this.connect(client, request));
      });
    });
  }

  static async start(hosts: Record<string, string>): Promise<Socks5Proxy> {
    const proxy = new Socks5Proxy(net.createServer(), hosts);
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** `socks5h://127.0.0.1:<port>`: names are resolved by the proxy. */
  get url(): string {
    return `socks5h://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return this.sockets.close(this.server);
  }

  /** VER CMD RSV ATYP ADDR PORT, with ATYP 3 (a name) or 1 (IPv4). */
  private connect(client: Socket, request: Buffer): void {
    const reply = (status: number): Buffer => Buffer.from([5, status, 0, 1, 0, 0, 0, 0, 0, 0]);
    let host: string;
    let rest: number;
    if (request[3] === 3) {
      const length = request[4] ?? 0;
      host = request.subarray(5, 5 + length).toString("latin1");
      rest = 5 + length;
    } else if (request[3] === 1) {
      host = [...request.subarray(4, 8)].join(".");
      rest = 8;
    } else {
      client.end(reply(8));
      return;
    }
    const port = request.readUInt16BE(rest);
    this.connects.push(`${host}:${port}`);
    const address = host === "127.0.0.1" ? host : this.hosts[host];
    if (request[1] !== 1 || address === undefined) {
      client.end(reply(request[1] !== 1 ? 7 : 4));
      return;
    }
    const upstream = net.connect(port, address, () => {
      client.write(reply(0));
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.sockets.track(upstream);
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
  }
}
