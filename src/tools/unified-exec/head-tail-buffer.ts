// Bounded capture of a byte stream: keeps the first and last bytes, counts everything it dropped.

/** Default capacity of one capture (head + tail): 1 MiB, as upstream. */
export const DEFAULT_CAPTURE_BYTES = 1024 * 1024;

/** Counts of one chunk, computed once and shared by every buffer the chunk goes to. */
export interface ChunkStats {
  bytes: number;
  /** UTF-8 characters started in the chunk (bytes that are not continuation bytes). */
  chars: number;
  newlines: number;
  lastByte: number;
}

/** What a capture holds, decoded: `head` and `tail` are contiguous when nothing was omitted. */
export interface CapturedOutput {
  head: string;
  tail: string;
  /** Bytes dropped from the middle (always on character boundaries in `head`/`tail`). */
  omittedBytes: number;
  omittedChars: number;
  totalBytes: number;
  /** Lines as Rust's `str::lines()` counts them (a final line without `\n` counts). */
  totalLines: number;
}

// Chunks are merged once this many pile up, so per-Buffer overhead stays small for chatty output.
const MAX_CHUNKS = 64;

/** Scan a chunk once for the counts every capture needs. */
export function scanBytes(chunk: Uint8Array): ChunkStats {
  let chars = 0;
  let newlines = 0;
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i] as number;
    if (b === 10) newlines++;
    if ((b & 0xc0) !== 0x80) chars++;
  }
  return { bytes: chunk.length, chars, newlines, lastByte: chunk.length > 0 ? (chunk[chunk.length - 1] as number) : -1 };
}

/**
 * Keeps at most `capacity` bytes: the first half and the most recent half of what was pushed.
 *
 * The tail is a ring allocated once, the first time output goes past the head: a command printing
 * gigabytes then costs no allocation per chunk, and nothing it printed outlives the next young-generation
 * GC (per-chunk tail copies used to be promoted and trigger a full GC every 64 MB).
 */
export class HeadTailBuffer {
  private readonly headCap: number;
  private readonly tailCap: number;
  private head: Buffer[] = [];
  private headLen = 0;
  private ring: Buffer | null = null;
  /** Index in `ring` of the oldest tail byte. */
  private tailStart = 0;
  private tailLen = 0;
  private dropped = 0;
  private totalBytes = 0;
  private totalChars = 0;
  private newlines = 0;
  private lastByte = -1;

  constructor(capacity: number = DEFAULT_CAPTURE_BYTES) {
    this.headCap = Math.floor(capacity / 2);
    this.tailCap = capacity - this.headCap;
  }

  /** Bytes currently held (never more than the capacity). */
  get retainedBytes(): number {
    return this.headLen + this.tailLen;
  }

  get bytesSeen(): number {
    return this.totalBytes;
  }

  push(chunk: Uint8Array, stats: ChunkStats = scanBytes(chunk)): void {
    if (chunk.length === 0) return;
    this.totalBytes += stats.bytes;
    this.totalChars += stats.chars;
    this.newlines += stats.newlines;
    this.lastByte = stats.lastByte;
    let rest = chunk;
    if (this.headLen < this.headCap) {
      const take = Math.min(this.headCap - this.headLen, rest.length);
      // Copy: a chunk from a socket may be a view on a much larger allocation.
      this.head.push(Buffer.from(rest.subarray(0, take)));
      this.headLen += take;
      rest = rest.subarray(take);
      if (this.head.length > MAX_CHUNKS) this.head = [Buffer.concat(this.head)];
    }
    if (rest.length === 0 || this.tailCap === 0) {
      this.dropped += rest.length;
      return;
    }
    const ring = (this.ring ??= Buffer.allocUnsafe(this.tailCap));
    if (rest.length >= this.tailCap) {
      this.dropped += this.tailLen + rest.length - this.tailCap;
      ring.set(rest.subarray(rest.length - this.tailCap));
      this.tailStart = 0;
      this.tailLen = this.tailCap;
      return;
    }
    // Append at the end of the ring (wrapping), then drop the oldest bytes beyond the capacity.
    const end = (this.tailStart + this.tailLen) % this.tailCap;
    const first = Math.min(rest.length, this.tailCap - end);
    ring.set(rest.subarray(0, first), end);
    if (first < rest.length) ring.set(rest.subarray(first), 0);
    const excess = Math.max(0, this.tailLen + rest.length - this.tailCap);
    this.dropped += excess;
    this.tailStart = (this.tailStart + excess) % this.tailCap;
    this.tailLen += rest.length - excess;
  }

  /** The tail's bytes in order (a copy). */
  private tailBytes(): Buffer {
    if (this.ring === null || this.tailLen === 0) return Buffer.alloc(0);
    const firstLen = Math.min(this.tailLen, this.tailCap - this.tailStart);
    const first = this.ring.subarray(this.tailStart, this.tailStart + firstLen);
    return Buffer.concat([first, this.ring.subarray(0, this.tailLen - firstLen)]);
  }

  /**
   * Up to `n` of the most recent bytes held, as a copy starting on a character boundary (a heartbeat's
   * look at the last line; copies only those bytes, never the whole capture).
   */
  lastBytes(n: number): Buffer {
    const fromTail = Math.min(n, this.tailLen);
    const parts: Buffer[] = [];
    // The head joins the tail only while nothing between them was dropped.
    let need = this.dropped === 0 ? n - fromTail : 0;
    for (let i = this.head.length - 1; i >= 0 && need > 0; i--) {
      const chunk = this.head[i] as Buffer;
      const take = Math.min(need, chunk.length);
      parts.unshift(chunk.subarray(chunk.length - take));
      need -= take;
    }
    if (this.ring !== null && fromTail > 0) {
      const start = (this.tailStart + this.tailLen - fromTail) % this.tailCap;
      const first = Math.min(fromTail, this.tailCap - start);
      parts.push(this.ring.subarray(start, start + first), this.ring.subarray(0, fromTail - first));
    }
    const bytes = Buffer.concat(parts);
    return bytes.subarray(continuationPrefix(bytes), completeUtf8Prefix(bytes));
  }

  /** Decode what is held. Cuts fall on character boundaries; partial characters count as omitted. */
  snapshot(): CapturedOutput {
    const totalLines = this.newlines + (this.totalBytes > 0 && this.lastByte !== 10 ? 1 : 0);
    const head = Buffer.concat(this.head);
    const tail = this.tailBytes();
    if (this.dropped === 0) {
      return {
        head: Buffer.concat([head, tail]).toString("utf8"),
        tail: "",
        omittedBytes: 0,
        omittedChars: 0,
        totalBytes: this.totalBytes,
        totalLines,
      };
    }
    const headKept = head.subarray(0, completeUtf8Prefix(head));
    const tailKept = tail.subarray(continuationPrefix(tail));
    const keptChars = scanBytes(headKept).chars + scanBytes(tailKept).chars;
    return {
      head: headKept.toString("utf8"),
      tail: tailKept.toString("utf8"),
      omittedBytes: this.totalBytes - headKept.length - tailKept.length,
      omittedChars: Math.max(0, this.totalChars - keptChars),
      totalBytes: this.totalBytes,
      totalLines,
    };
  }
}

/** Length of `buf` without a trailing, incomplete UTF-8 sequence. */
function completeUtf8Prefix(buf: Buffer): number {
  for (let back = 1; back <= Math.min(4, buf.length); back++) {
    const b = buf[buf.length - back] as number;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? buf.length - back : buf.length;
  }
  return buf.length;
}

/** Number of leading continuation bytes (the rest of a character cut off before the tail). */
function continuationPrefix(buf: Buffer): number {
  let i = 0;
  while (i < Math.min(3, buf.length) && ((buf[i] as number) & 0xc0) === 0x80) i++;
  return i;
}
