// A TCP server on a loopback port that counts its connections: what a sandbox's network rule must keep commands from reaching.

import net from "node:net";

export interface TcpListener {
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Listen on 127.0.0.1; each connection is counted, sent `greeting` and ended. */
export async function listenTcp(greeting = ""): Promise<TcpListener> {
  let connections = 0;
  const server = net.createServer((s) => {
    connections += 1;
    s.end(greeting);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
