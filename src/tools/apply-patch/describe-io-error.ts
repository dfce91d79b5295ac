// Renders a file-system error the way codex's Rust applier does (`No such file or directory (os error 2)`).

/** errno codes the applier can hit, with the text and number Rust's io::Error prints on Linux and macOS. */
const KNOWN: Readonly<Record<string, readonly [string, number]>> = {
  ENOENT: ["No such file or directory", 2],
  EACCES: ["Permission denied", 13],
  EPERM: ["Operation not permitted", 1],
  EEXIST: ["File exists", 17],
  ENOTDIR: ["Not a directory", 20],
  EISDIR: ["Is a directory", 21],
  EROFS: ["Read-only file system", 30],
  ENOSPC: ["No space left on device", 28],
};

/** The message for an errno code, e.g. `Is a directory (os error 21)`. */
export function ioErrorText(code: string): string {
  const known = KNOWN[code];
  return known ? `${known[0]} (os error ${known[1]})` : code;
}

/** The message for any thrown value: a known errno code is rendered Rust-style, anything else by its message. */
export function describeIoError(err: unknown): string {
  if (err instanceof Error) {
    const code = "code" in err && typeof err.code === "string" ? err.code : undefined;
    if (code !== undefined && KNOWN[code] !== undefined) return ioErrorText(code);
    return err.message;
  }
  return String(err);
}
