// Decodes prompt bytes read from stdin: BOMs, UTF-16, and strict UTF-8 with a fix in the message.

/** Decode stdin bytes; throws Error with codex's wording when they are not usable text. */
export function decodePromptBytes(bytes: Uint8Array): string {
  const b = bytes;
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) {
    throw new Error("input appears to be UTF-32LE. Convert it to UTF-8 and retry.");
  }
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) {
    throw new Error("input appears to be UTF-32BE. Convert it to UTF-8 and retry.");
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return strictUtf8(b.subarray(3), 3);
  if (b[0] === 0xff && b[1] === 0xfe) return utf16(b.subarray(2), "utf-16le", "UTF-16LE");
  if (b[0] === 0xfe && b[1] === 0xff) return utf16(b.subarray(2), "utf-16be", "UTF-16BE");
  return strictUtf8(b, 0);
}

function utf16(body: Uint8Array, encoding: "utf-16le" | "utf-16be", name: string): string {
  try {
    if (body.length % 2 !== 0) throw new Error("odd length");
    return new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    throw new Error(`input looked like ${name} but could not be decoded. Convert it to UTF-8 and retry.`);
  }
}

function strictUtf8(body: Uint8Array, offsetBase: number): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    const offset = offsetBase + firstInvalidUtf8(body);
    throw new Error(
      `input is not valid UTF-8 (invalid byte at offset ${offset}). Convert it to UTF-8 and retry (e.g., \`iconv -f <ENC> -t UTF-8 prompt.txt\`).`,
    );
  }
}

/** Index of the first byte that starts an invalid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    const len = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > b.length) return i;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(b.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return b.length;
}
