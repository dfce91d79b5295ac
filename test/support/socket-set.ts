// The connections a loopback test server (or proxy) holds, so that closing it ends them too: a hanging one would keep `close` waiting.

import type { Server, Socket } from "node:net";

export class SocketSet {
  private readonly sockets = new Set<Socket>();

  /** Remember `socket` until it closes. */
  readonly track = (socket: Socket): void => {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
  };

  /** Track every connection `server` accepts. */
  watch(server: Server): this {
    server.on("connection", this.track);
    return this;
  }

  /** End every tracked connection, then close `server`. */
  async close(server: Server): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
