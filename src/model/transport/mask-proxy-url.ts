// A proxy URL as it may be shown (startup header, log): the password, or a lone user name (often a token), masked.

const MASK = "****";

/**
 * `http://user:secret@proxy:3128` → `http://user:****@proxy:3128`; `http://token@proxy` → `http://****@proxy`.
 * Anything after the host (a path, a query) is dropped; a value that does not parse has all before its last `@` masked.
 */
export function maskProxyUrl(proxy: string): string {
  const url = hostUrl(proxy);
  // Not a URL with a host: credentials, if any, stand before an `@` (a password may hold `/` or `@` itself).
  if (url === null) return proxy.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/is, (_all, scheme: string | undefined) => `${scheme ?? ""}${MASK}@`);
  const user = url.username;
  const auth = url.password !== "" ? `${user}:${MASK}@` : user !== "" ? `${MASK}@` : "";
  return `${url.protocol}//${auth}${url.host}`;
}

/** `proxy` parsed, if it has a host (`user:pw@proxy:3128` parses too, as an opaque `user:` URL). */
function hostUrl(proxy: string): URL | null {
  try {
    const url = new URL(proxy);
    return url.host === "" ? null : url;
  } catch {
    return null;
  }
}
