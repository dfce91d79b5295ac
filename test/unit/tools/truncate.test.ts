import { describe, expect, it } from "vitest";
import {
  approxTokenCount,
  byteBudget,
  countLines,
  formatTruncatedOutput,
  tokenBudget,
  truncateMiddle,
  truncatePartial,
} from "../../../src/tools/truncate.js";

describe("truncateMiddle", () => {
  it.each([
    { name: "fits: unchanged", text: "hello", mode: "tokens", limit: 10, want: "hello" },
    { name: "exactly the budget: unchanged", text: "abcdefgh", mode: "tokens", limit: 2, want: "abcdefgh" },
    { name: "empty", text: "", mode: "tokens", limit: 0, want: "" },
    { name: "tokens: half budget each side", text: "abcdefghijklmnop", mode: "tokens", limit: 2, want: "abcd…2 tokens truncated…mnop" },
    { name: "tokens: removed rounds up", text: "abcdefghijklmnopq", mode: "tokens", limit: 2, want: "abcd…3 tokens truncated…nopq" },
    { name: "bytes: counts removed characters", text: "abcdefghijklmnop", mode: "bytes", limit: 8, want: "abcd…8 chars truncated…mnop" },
    { name: "bytes: odd budget gives the tail the extra byte", text: "abcdefghijklmnop", mode: "bytes", limit: 5, want: "ab…11 chars truncated…nop" },
    { name: "zero budget: marker only (tokens)", text: "abcdefghijklmnop", mode: "tokens", limit: 0, want: "…4 tokens truncated…" },
    { name: "zero budget: marker only (bytes)", text: "abcdefghijklmnop", mode: "bytes", limit: 0, want: "…16 chars truncated…" },
    { name: "two-byte chars cut on boundaries (bytes)", text: "ééééé", mode: "bytes", limit: 5, want: "é…3 chars truncated…é" },
    { name: "two-byte chars cut on boundaries (tokens)", text: "ééééé", mode: "tokens", limit: 1, want: "é…2 tokens truncated…é" },
    { name: "four-byte chars that do not fit either side", text: "😀😀😀", mode: "bytes", limit: 6, want: "…3 chars truncated…" },
  ] as const)("$name", ({ text, mode, limit, want }) => {
    expect(truncateMiddle(text, { mode, limit })).toBe(want);
  });
});

describe("truncatePartial (a capture whose middle is already gone)", () => {
  const partial = { head: "abcdef", tail: "uvwxyz", omittedBytes: 100, omittedChars: 100 };

  it("counts the omitted middle in the tokens marker", () => {
    expect(truncatePartial(partial, { mode: "tokens", limit: 2 })).toEqual({ text: "abcd…26 tokens truncated…wxyz", truncated: true });
  });

  it("counts the omitted middle in the chars marker", () => {
    expect(truncatePartial(partial, { mode: "bytes", limit: 8 }).text).toBe("abcd…104 chars truncated…wxyz");
  });

  it("marks the gap even when the budget would hold everything that is left", () => {
    expect(truncatePartial(partial, { mode: "tokens", limit: 1000 }).text).toBe("abcdef…25 tokens truncated…uvwxyz");
  });
});

describe("formatTruncatedOutput", () => {
  const text = Array.from({ length: 10 }, (_, i) => `line${i}`).join("\n") + "\n";

  it("leaves short output alone, without a line count", () => {
    expect(formatTruncatedOutput("a\nb\n", { mode: "tokens", limit: 100 })).toBe("a\nb\n");
  });

  it("prefixes truncated output with the total line count", () => {
    expect(formatTruncatedOutput(text, { mode: "tokens", limit: 3 })).toBe(
      "Total output lines: 10\n\nline0\n…12 tokens truncated…line9\n",
    );
  });

  it("takes the line count from the caller when given (the capture knows the real total)", () => {
    expect(formatTruncatedOutput(text, { mode: "bytes", limit: 12 }, 99)).toMatch(/^Total output lines: 99\n\nline0\n…48 chars truncated…line9\n$/);
  });
});

describe("counting helpers", () => {
  it.each([
    ["", 0],
    ["a", 1],
    ["a\n", 1],
    ["a\nb", 2],
    ["a\n\nb\n", 3],
  ])("countLines(%j) = %i", (text, n) => {
    expect(countLines(text)).toBe(n);
  });

  it("approximates tokens as ceil(bytes / 4) of UTF-8", () => {
    expect(approxTokenCount("")).toBe(0);
    expect(approxTokenCount("abcde")).toBe(2);
    expect(approxTokenCount("éé")).toBe(1);
  });

  it("converts budgets between tokens and bytes", () => {
    expect(byteBudget({ mode: "tokens", limit: 10 })).toBe(40);
    expect(byteBudget({ mode: "bytes", limit: 10 })).toBe(10);
    expect(tokenBudget({ mode: "bytes", limit: 10 })).toBe(3);
    expect(tokenBudget({ mode: "tokens", limit: 10 })).toBe(10);
  });
});

describe("truncatePartial against a whole-encoding reference", () => {
  // The reference encodes everything and cuts the bytes (what truncatePartial did before it encoded only
  // the kept ends). Cut points land inside multi-byte characters, surrogate pairs and lone surrogates.
  const reference = (input: { head: string; tail: string; omittedBytes: number; omittedChars: number }, limit: number) => {
    const starts = (b: Uint8Array): number => b.reduce((n, x) => n + ((x & 0xc0) !== 0x80 ? 1 : 0), 0);
    const atOrBefore = (b: Buffer, i: number): number => (i > 0 && i < b.length && ((b[i] as number) & 0xc0) === 0x80 ? atOrBefore(b, i - 1) : i);
    const atOrAfter = (b: Buffer, i: number): number => (i > 0 && i < b.length && ((b[i] as number) & 0xc0) === 0x80 ? atOrAfter(b, i + 1) : i);
    const left = Math.floor(limit / 2);
    if (input.omittedBytes === 0) {
      const all = Buffer.from(input.head + input.tail, "utf8");
      if (all.length <= limit) return all.toString("utf8");
      const p = atOrBefore(all, left);
      const q = atOrAfter(all, all.length - (limit - left));
      return `${all.subarray(0, p).toString()}…${starts(all.subarray(p, q))} chars truncated…${all.subarray(q).toString()}`;
    }
    const head = Buffer.from(input.head, "utf8");
    const tail = Buffer.from(input.tail, "utf8");
    const p = atOrBefore(head, Math.min(left, head.length));
    const q = atOrAfter(tail, Math.max(0, tail.length - (limit - left)));
    const removed = starts(head.subarray(p)) + input.omittedChars + starts(tail.subarray(0, q));
    return `${head.subarray(0, p).toString()}…${removed} chars truncated…${tail.subarray(q).toString()}`;
  };
  const pieces = ["a", "\n", "é", "中", "😀", "\uD800", "\uDC00", " "];
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const text = (n: number): string => Array.from({ length: n }, () => pieces[next(pieces.length)]).join("");

  it("agrees on 5,000 random texts and budgets", () => {
    for (let k = 0; k < 5000; k++) {
      const omittedBytes = next(3) === 0 ? 0 : 1 + next(40);
      const input = { head: text(next(50)), tail: omittedBytes === 0 ? "" : text(next(50)), omittedBytes, omittedChars: omittedBytes };
      const limit = next(48);
      expect(truncatePartial(input, { mode: "bytes", limit }).text).toBe(reference(input, limit));
    }
  });
});
