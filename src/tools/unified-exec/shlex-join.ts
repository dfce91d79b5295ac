// The display string of an argv as codex shows it: Rust `shlex` 1.3 `try_join`, or a placeholder for NUL.

/** What codex shows instead of a command when any word holds a NUL byte (`shlex::try_join` fails). */
export const NUL_PLACEHOLDER = "<command included NUL byte>";

const UNQUOTED = 1;
const SINGLE = 2;
const DOUBLE = 4;

// ASCII characters that may stay bare: shlex allows only these, everything else (incl. `=`, `%`, `,`) is quoted.
const BARE = /^[A-Za-z0-9+\-./:@\]_]$/;

/** Which strategies (bit set) can carry this UTF-16 unit; non-ASCII is fine in quotes but never bare. */
function allowed(ch: string): number {
  if (ch.charCodeAt(0) >= 0x80) return SINGLE | DOUBLE;
  let ok = BARE.test(ch) ? UNQUOTED | SINGLE | DOUBLE : SINGLE | DOUBLE;
  // Fish reads `\` as an escape inside single quotes, and bash mishandles `^` unless it opens the quote.
  if (ch === "'" || ch === "^" || ch === "\\") ok &= ~SINGLE;
  // `$` and backtick trip Python's shlex when escaped; `!` and `^` are history expansion in interactive shells.
  if (ch === "$" || ch === "`" || ch === "!" || ch === "^") ok &= ~DOUBLE;
  return ok;
}

/** The longest prefix of `word` (non-empty) that one strategy can carry, and the best such strategy. */
function nextChunk(word: string): { length: number; strategy: number } {
  let ok = UNQUOTED | SINGLE | DOUBLE;
  let i = 0;
  // A leading `^` is only safe right after an opening single quote.
  if (word[0] === "^") {
    ok = SINGLE;
    i = 1;
  }
  for (; i < word.length; i++) {
    const next = ok & allowed(word.charAt(i));
    if (next === 0) break;
    ok = next;
  }
  const strategy = ok & UNQUOTED ? UNQUOTED : ok & SINGLE ? SINGLE : DOUBLE;
  return { length: i, strategy };
}

function quoteChunk(chunk: string, strategy: number): string {
  if (strategy === UNQUOTED) return chunk;
  if (strategy === SINGLE) return `'${chunk}'`;
  return `"${chunk.replace(/[$`"\\]/g, "\\$&")}"`;
}

/** Quote one word the way `shlex::try_quote` does; null when it holds a NUL byte. */
export function shlexQuote(word: string): string | null {
  if (word === "") return "''";
  if (word.includes("\0")) return null;
  let out = "";
  let rest = word;
  while (rest !== "") {
    const { length, strategy } = nextChunk(rest);
    out += quoteChunk(rest.slice(0, length), strategy);
    rest = rest.slice(length);
  }
  return out;
}

/** Join argv into codex's display string for `command_execution.command` and the human transcript. */
export function shlexJoin(argv: readonly string[]): string {
  const words: string[] = [];
  for (const word of argv) {
    const quoted = shlexQuote(word);
    if (quoted === null) return NUL_PLACEHOLDER;
    words.push(quoted);
  }
  return words.join(" ");
}
