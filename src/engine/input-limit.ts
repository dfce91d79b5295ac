// codex's cap on one user input: 1,048,576 characters (Unicode scalar values), checked before any request.

import { StartupError } from "../errors.js";

export const MAX_INPUT_CHARS = 1_048_576;

/** Throws `input_too_large` when `text` holds more characters than a turn's input may. */
export function checkInputSize(text: string): void {
  // Cheap first: a string of at most the limit in UTF-16 units cannot be over it in characters.
  if (text.length <= MAX_INPUT_CHARS) return;
  const chars = countChars(text);
  if (chars <= MAX_INPUT_CHARS) return;
  throw new StartupError(
    "input_too_large",
    `Error: the input is ${chars} characters, over the limit of ${MAX_INPUT_CHARS}; pass large content as a file the agent can read instead`,
  );
}

/** Characters as codex counts them: a surrogate pair is one. */
function countChars(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return text.length - pairs;
}
