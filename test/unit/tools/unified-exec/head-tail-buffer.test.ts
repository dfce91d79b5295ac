import { describe, expect, it } from "vitest";
import { HeadTailBuffer, scanBytes } from "../../../../src/tools/unified-exec/head-tail-buffer.js";

const bytes = (s: string): Buffer => Buffer.from(s, "utf8");

describe("HeadTailBuffer", () => {
  it("holds small output whole", () => {
    const b = new HeadTailBuffer(100);
    b.push(bytes("hello\n"));
    b.push(bytes("world"));
    expect(b.snapshot()).toEqual({ head: "hello\nworld", tail: "", omittedBytes: 0, omittedChars: 0, totalBytes: 11, totalLines: 2 });
  });

  it("keeps the first and last halves of its capacity and counts the rest", () => {
    const b = new HeadTailBuffer(10);
    b.push(bytes("0123456789ABCDEF"));
    expect(b.snapshot()).toMatchObject({ head: "01234", tail: "BCDEF", omittedBytes: 6, omittedChars: 6, totalBytes: 16 });
  });

  it("stays bounded however much is pushed, in whatever chunk sizes", () => {
    const b = new HeadTailBuffer(1000);
    const line = bytes("x".repeat(99) + "\n");
    for (let i = 0; i < 10_000; i++) b.push(line);
    for (let i = 0; i < 5_000; i++) b.push(bytes("y"));
    expect(b.retainedBytes).toBe(1000);
    const s = b.snapshot();
    expect(s.totalBytes).toBe(1_005_000);
    expect(s.totalLines).toBe(10_001);
    expect(s.omittedBytes).toBe(1_004_000);
    expect(s.head).toBe("x".repeat(99) + "\n" + "x".repeat(99) + "\n" + "x".repeat(99) + "\n" + "x".repeat(99) + "\n" + "x".repeat(99) + "\n");
    expect(s.tail).toBe("y".repeat(500));
  });

  it("keeps exactly the first and the last bytes, for any chunking (the tail ring wraps)", () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const capacity of [0, 1, 2, 9, 10, 64]) {
      const b = new HeadTailBuffer(capacity);
      let all = "";
      for (let i = 0; i < 300; i++) {
        const chunk = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(3).slice(0, random(capacity * 2 + 3)).replace(/^/, String(i % 10));
        all += chunk;
        b.push(bytes(chunk));
        const headCap = Math.floor(capacity / 2);
        const tailCap = capacity - headCap;
        const s = b.snapshot();
        const head = all.slice(0, headCap);
        const tail = all.length <= capacity ? all.slice(headCap) : all.slice(all.length - tailCap);
        expect(s.head + s.tail).toBe(all.length <= capacity ? all : head + tail);
        expect(s.omittedBytes).toBe(Math.max(0, all.length - capacity));
        expect(b.retainedBytes).toBe(Math.min(all.length, capacity));
      }
    }
  });

  it("lastBytes: the most recent bytes held, across head, tail and a wrapped ring, for any chunking", () => {
    let seed = 11;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const capacity of [0, 1, 2, 9, 10, 64]) {
      const b = new HeadTailBuffer(capacity);
      let all = "";
      for (let i = 0; i < 200; i++) {
        const chunk = `${i % 10}abcdefghij`.slice(0, 1 + random(capacity + 3));
        all += chunk;
        b.push(bytes(chunk));
        const s = b.snapshot();
        const held = s.head + s.tail;
        for (const n of [0, 1, 3, capacity, capacity + 5]) {
          // Contiguous while nothing was dropped; after that only the tail is the recent end.
          const recent = s.omittedBytes === 0 ? held : s.tail;
          expect(b.lastBytes(n).toString("utf8")).toBe(recent.slice(Math.max(0, recent.length - n)));
        }
      }
    }
  });

  it("lastBytes starts and ends on character boundaries", () => {
    const b = new HeadTailBuffer(100);
    b.push(bytes("aé€"));
    b.push(Buffer.from([0xe2, 0x82])); // the first two bytes of another "€"
    // 6 bytes: the second half of "é", "€", the unfinished "€"; both halves go.
    expect(b.lastBytes(6).toString("utf8")).toBe("€");
    expect(b.lastBytes(4).toString("utf8")).toBe("");
    expect(b.lastBytes(100).toString("utf8")).toBe("aé€");
  });

  it("drops a character split by the head cut", () => {
    const b = new HeadTailBuffer(4); // head 2 bytes: "a" + first byte of "é"
    b.push(bytes("aé"));
    b.push(bytes("xyz"));
    expect(b.snapshot()).toEqual({ head: "a", tail: "yz", omittedBytes: 3, omittedChars: 2, totalBytes: 6, totalLines: 1 });
  });

  it("drops the rest of a character split by the tail cut", () => {
    const b = new HeadTailBuffer(4); // tail 2 bytes: last byte of "é" + "z"
    b.push(bytes("abé"));
    b.push(bytes("z"));
    expect(b.snapshot()).toMatchObject({ head: "ab", tail: "z", omittedBytes: 2, omittedChars: 1 });
  });

  it("scans a chunk once for bytes, characters, newlines and the last byte", () => {
    expect(scanBytes(bytes("é\nx\n"))).toEqual({ bytes: 5, chars: 4, newlines: 2, lastByte: 10 });
    expect(scanBytes(new Uint8Array(0))).toEqual({ bytes: 0, chars: 0, newlines: 0, lastByte: -1 });
  });
});
