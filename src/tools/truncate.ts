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

/** Like `truncateMiddle`, for a text whose middle is already gone; always marks a missing middle. */
export function truncatePartial(input: PartialText, policy: TruncationPolicy): { text: string; truncated: boolean } {
  const budget = byteBudget(policy);
  if (input.omittedBytes === 0) {
    const text = input.head + input.tail;
    const bytes = Buffer.from(text, "utf8");
    if (bytes.length === 0) return { text: "", truncated: false };
    if (bytes.length <= budget) return { text, truncated: false };
    const left = Math.floor(budget / 2);
    const { prefixEnd, suffixStart, removedChars } = splitAtBoundaries(bytes, left, budget - left);
    const removed = policy.mode === "tokens" ? approxTokensFromBytes(bytes.length - budget) : removedChars;
    return { text: join(bytes.subarray(0, prefixEnd), marker(policy, removed), bytes.subarray(suffixStart)), truncated: true };
  }
  const head = Buffer.from(input.head, "utf8");
  const tail = Buffer.from(input.tail, "utf8");
  const total = head.length + input.omittedBytes + tail.length;
  const left = Math.floor(budget / 2);
  const prefixEnd = boundaryAtOrBefore(head, Math.min(left, head.length));
  const suffixStart = boundaryAtOrAfter(tail, Math.max(0, tail.length - (budget - left)));
  const removedChars = countChars(head.subarray(prefixEnd)) + input.omittedChars + countChars(tail.subarray(0, suffixStart));
  const removedBytes = total - prefixEnd - (tail.length - suffixStart);
  const removed = policy.mode === "tokens" ? approxTokensFromBytes(removedBytes) : removedChars;
  return { text: join(head.subarray(0, prefixEnd), marker(policy, removed), tail.subarray(suffixStart)), truncated: true };
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

function join(prefix: Buffer, mark: string, suffix: Buffer): string {
  return prefix.toString("utf8") + mark + suffix.toString("utf8");
}

/** The longest prefix within `left` bytes and suffix within `right` bytes, cut between characters. */
function splitAtBoundaries(bytes: Buffer, left: number, right: number): { prefixEnd: number; suffixStart: number; removedChars: number } {
  const prefixEnd = boundaryAtOrBefore(bytes, Math.min(left, bytes.length));
  const suffixStart = Math.max(prefixEnd, boundaryAtOrAfter(bytes, Math.max(0, bytes.length - right)));
  return { prefixEnd, suffixStart, removedChars: countChars(bytes.subarray(prefixEnd, suffixStart)) };
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

function countChars(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if ((b & 0xc0) !== 0x80) n++;
  return n;
}
