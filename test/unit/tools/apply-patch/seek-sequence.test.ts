// seek_sequence: the four matching passes, start/eof handling and edge cases.

import { describe, expect, it } from "vitest";
import { normalisePunctuation, seekSequence } from "../../../../src/tools/apply-patch/seek-sequence.js";

describe("seekSequence", () => {
  it.each<{ name: string; lines: string[]; pattern: string[]; start?: number; eof?: boolean; want: number | null }>([
    { name: "exact match", lines: ["foo", "bar", "baz"], pattern: ["bar", "baz"], want: 1 },
    { name: "empty pattern matches at start", lines: ["a"], pattern: [], start: 1, want: 1 },
    { name: "pattern longer than the file", lines: ["just one line"], pattern: ["too", "many", "lines"], want: null },
    { name: "ignores trailing whitespace", lines: ["foo   ", "bar\t\t"], pattern: ["foo", "bar"], want: 0 },
    { name: "ignores leading and trailing whitespace", lines: ["    foo   ", "   bar\t"], pattern: ["foo", "bar"], want: 0 },
    { name: "no match", lines: ["a", "b"], pattern: ["c"], want: null },
    { name: "search starts at start", lines: ["x", "y", "x"], pattern: ["x"], start: 1, want: 2 },
    { name: "start past the last window", lines: ["x", "y"], pattern: ["x"], start: 5, want: null },
    { name: "eof tries only the last window", lines: ["x", "y", "x", "z"], pattern: ["x"], eof: true, want: null },
    { name: "eof matches at the end", lines: ["x", "y", "x"], pattern: ["x"], eof: true, want: 2 },
    { name: "an exact match later beats a fuzzy one earlier", lines: ["  foo", "foo"], pattern: ["foo"], want: 1 },
    { name: "trim_end pass beats trim pass", lines: [" foo", "foo  "], pattern: ["foo"], want: 1 },
    {
      name: "unicode dashes match ASCII",
      lines: ["import asyncio  # local import \u2013 avoids top\u2011level dep"],
      pattern: ["import asyncio  # local import - avoids top-level dep"],
      want: 0,
    },
    { name: "typographic quotes match ASCII", lines: ["say \u201Chi\u201D and \u2018bye\u2019"], pattern: [`say "hi" and 'bye'`], want: 0 },
    { name: "non-breaking and odd spaces match a space", lines: ["a\u00A0b\u2003c\u3000d"], pattern: ["a b c d"], want: 0 },
    { name: "other unicode is not normalised", lines: ["caf\u00E9"], pattern: ["cafe"], want: null },
  ])("$name", ({ lines, pattern, start = 0, eof = false, want }) => {
    expect(seekSequence(lines, pattern, start, eof)).toBe(want);
  });

  it("normalisePunctuation maps every listed code point", () => {
    expect(normalisePunctuation(" \u2010\u2011\u2012\u2013\u2014\u2015\u2212 ")).toBe("-------");
    expect(normalisePunctuation("\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F")).toBe(`''''""""`);
    expect(normalisePunctuation("x\u00A0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000x")).toBe(`x${" ".repeat(13)}x`);
  });
});
