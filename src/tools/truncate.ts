// Middle truncation of tool output (spec core §4.6): keep the head and the tail on character boundaries.

/** The model's truncation budget: `limit` tokens (≈ 4 bytes each) or `limit` bytes. */
export interface TruncationPolicy {
  mode: "tokens" | "bytes";
  limit: number;
}

/** A text whose middle may already be missing (e.g. a bounded capture of command output). */
export interface PartialText {
  head: string;
  tail: string;
  omittedBytes: number;
  omittedChars: number;
}

const BYTES_PER_TOKEN = 4;

/** Tokens for `bytes` bytes of text: ceil(bytes / 4). */
export function approxTokensFromBytes(bytes: number): number {
  return Math.ceil(Math.max(0, bytes) / BYTES_PER_TOKEN);
}

/** Approximate token count of a string (by its UTF-8 length). */
export function approxTokenCount(text: string): number {
  return approxTokensFromBytes(Buffer.byteLength(text, "utf8"));
}

/** The byte budget a policy allows. */
export function byteBudget(policy: TruncationPolicy): number {
  const limit = Math.max(0, Math.floor(policy.limit));
  return policy.mode === "tokens" ? limit * BYTES_PER_TOKEN : limit;
}

/** The token budget a policy allows (bytes policies convert at 4 bytes per token). */
export function tokenBudget(policy: TruncationPolicy): number {
  const limit = Math.max(0, Math.floor(policy.limit));
  return policy.mode === "tokens" ? limit : approxTokensFromBytes(limit);
}

/** Keep the first and last halves of the budget, joined by `…N tokens truncated…` or `…N chars truncated…`. */
export function truncateMiddle(text: string, policy: TruncationPolicy): string {
  return truncatePartial({ head: text, tail: "", omittedBytes: 0, omittedChars: 0 }, policy).text;
}

/**
 * Like `truncateMiddle`, for a text whose middle is already gone; always marks a missing middle.
 *
 * Cuts are made on the UTF-8 encoding, but only the ends that are kept are encoded: a command's
 * capture is up to 1 MiB of text, and encoding all of it to keep 40 KB cost 1 MB per call.
 */
export function truncatePartial(input: PartialText, policy: TruncationPolicy): { text: string; truncated: boolean } {
  const budget = byteBudget(policy);
  const left = Math.floor(budget / 2);
  const right = budget - left;
  if (input.omittedBytes === 0) {
    const text = input.head + input.tail;
    const total = Buffer.byteLength(text, "utf8");
    if (total === 0) return { text: "", truncated: false };
    if (total <= budget) return { text, truncated: false };
    const prefix = utf8Prefix(text, left);
    const suffix = utf8Suffix(text, right);
    const removed =
      policy.mode === "tokens" ? approxTokensFromBytes(total - budget) : codePoints(text) - codePoints(prefix) - codePoints(suffix);
    return { text: prefix + marker(policy, removed) + suffix, truncated: true };
  }
  const prefix = utf8Prefix(input.head, left);
  const suffix = utf8Suffix(input.tail, right);
  const total = Buffer.byteLength(input.head, "utf8") + input.omittedBytes + Buffer.byteLength(input.tail, "utf8");
  const removedBytes = total - Buffer.byteLength(prefix, "utf8") - Buffer.byteLength(suffix, "utf8");
  const removedChars =
    codePoints(input.head) - codePoints(prefix) + input.omittedChars + codePoints(input.tail) - codePoints(suffix);
  const removed = policy.mode === "tokens" ? approxTokensFromBytes(removedBytes) : removedChars;
  return { text: prefix + marker(policy, removed) + suffix, truncated: true };
}

/** Exec-tool formatting: a truncated output is prefixed with `Total output lines: <L>` and a blank line. */
export function formatTruncatedOutput(input: string | PartialText, policy: TruncationPolicy, totalLines?: number): string {
  const partial = typeof input === "string" ? { head: input, tail: "", omittedBytes: 0, omittedChars: 0 } : input;
  const { text, truncated } = truncatePartial(partial, policy);
  if (!truncated) return text;
  const lines = totalLines ?? countLines(partial.head + partial.tail);
  return `Total output lines: ${lines}\n\n${text}`;
}

/** Lines as Rust's `str::lines()` counts them: a final line without a newline still counts. */
export function countLines(text: string): number {
  if (text === "") return 0;
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return text.endsWith("\n") ? n : n + 1;
}

function marker(policy: TruncationPolicy, removed: number): string {
  return policy.mode === "tokens" ? `…${removed} tokens truncated…` : `…${removed} chars truncated…`;
}

/**
 * The longest start of `text` made of whole characters whose UTF-8 form fits in `maxBytes` (a lone
 * surrogate becomes the 3-byte U+FFFD it is encoded as). Each UTF-16 unit is at least one byte, so
 * only the first `maxBytes` units are encoded.
 */
function utf8Prefix(text: string, maxBytes: number): string {
  // A pair split at the end of the slice encodes as U+FFFD, but starts no earlier than the pair did,
  // so the cut (at or before `maxBytes`) is the same as in the whole text's encoding.
  const bytes = Buffer.from(text.slice(0, maxBytes), "utf8");
  return bytes.toString("utf8", 0, boundaryAtOrBefore(bytes, Math.min(maxBytes, bytes.length)));
}

/** The longest end of `text` made of whole characters whose UTF-8 form fits in `maxBytes`. */
function utf8Suffix(text: string, maxBytes: number): string {
  // Likewise a pair split at the start lies wholly before the cut, in the slice as in the whole text.
  const bytes = Buffer.from(text.slice(Math.max(0, text.length - maxBytes)), "utf8");
  return bytes.toString("utf8", boundaryAtOrAfter(bytes, Math.max(0, bytes.length - maxBytes)));
}

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Characters (code points) in `text`: UTF-16 units minus one per surrogate pair. */
function codePoints(text: string): number {
  SURROGATE_PAIR.lastIndex = 0;
  if (!SURROGATE_PAIR.test(text)) return text.length;
  return text.length - (text.match(SURROGATE_PAIR)?.length ?? 0);
}

function isBoundary(bytes: Buffer, i: number): boolean {
  return i <= 0 || i >= bytes.length || ((bytes[i] as number) & 0xc0) !== 0x80;
}

function boundaryAtOrBefore(bytes: Buffer, i: number): number {
  let j = i;
  while (!isBoundary(bytes, j)) j--;
  return j;
}

function boundaryAtOrAfter(bytes: Buffer, i: number): number {
  let j = i;
  while (!isBoundary(bytes, j)) j++;
  return j;
}
