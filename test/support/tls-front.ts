// An https front for a plain loopback mock: terminates TLS as `model.internal.test` and pipes to the mock's port.
//
// The certificate (test/fixtures/tls/, self-signed, valid 2020–2120) is trusted by a child run through
// NODE_EXTRA_CA_CERTS=TEST_CA_FILE.

import { readFileSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import tls from "node:tls";
import { fileURLToPath } from "node:url";
import { SocketSet } from "./socket-set.js";

const TLS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/tls");

/** The host name the certificate is for. */
export const TLS_HOST = "model.internal.test";
/** The certificate, to trust in a child with NODE_EXTRA_CA_CERTS. */
export const TEST_CA_FILE = path.join(TLS_DIR, `${TLS_HOST}.crt`);

export interface TlsFront {
  port: number;
  close(): Promise<void>;
}

/** Listen on 127.0.0.1 and forward each decrypted connection to 127.0.0.1:`targetPort`. */
export async function startTlsFront(targetPort: number): Promise<TlsFront> {
  const sockets = new SocketSet();
  const server = tls.createServer({ key: readFileSync(path.join(TLS_DIR, `${TLS_HOST}.key`)), cert: readFileSync(TEST_CA_FILE) }, (secure) => {
    const plain = net.connect(targetPort, "127.0.0.1");
    sockets.track(plain);
    secure.pipe(plain).pipe(secure);
    plain.on("error", () => secure.destroy());
    secure.on("error", () => plain.destroy());
  });
  sockets.watch(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => sockets.close(server),
  };
}
