// Finds a run of lines in a file, trying ever looser comparisons (exact → trim_end → trim → punctuation-normalised).

/** Typographic characters models rarely type, mapped to the ASCII they are usually written as. */
const PUNCTUATION: ReadonlyMap<string, string> = new Map([
  ...["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"].map((c) => [c, "-"] as const),
  ...["\u2018", "\u2019", "\u201A", "\u201B"].map((c) => [c, "'"] as const),
  ...["\u201C", "\u201D", "\u201E", "\u201F"].map((c) => [c, '"'] as const),
  ...["\u00A0", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200A", "\u202F", "\u205F", "\u3000"].map(
    (c) => [c, " "] as const,
  ),
]);
const PUNCTUATION_RE = new RegExp(`[${[...PUNCTUATION.keys()].join("")}]`, "g");

/** Trim, then map typographic dashes, quotes and spaces to ASCII. */
export function normalisePunctuation(s: string): string {
  return s.trim().replace(PUNCTUATION_RE, (c) => PUNCTUATION.get(c) ?? c);
}

const PASSES: ReadonlyArray<(s: string) => string> = [(s) => s, (s) => s.trimEnd(), (s) => s.trim(), normalisePunctuation];

/**
 * Index of the first window of `lines` equal to `pattern` at or after `start`, or null.
 * With `eof`, only the last possible window is tried. Each pass scans every window before the next,
 * looser pass runs, so an exact match later in the file beats a fuzzy one earlier.
 */
export function seekSequence(lines: readonly string[], pattern: readonly string[], start: number, eof: boolean): number | null {
  if (pattern.length === 0) return start;
  if (pattern.length > lines.length) return null;
  const last = lines.length - pattern.length;
  const from = eof ? last : start;
  for (const norm of PASSES) {
    const wanted = pattern.map(norm);
    const haystack = lines.map(norm);
    for (let i = from; i <= last; i++) {
      if (wanted.every((p, k) => haystack[i + k] === p)) return i;
    }
  }
  return null;
}
