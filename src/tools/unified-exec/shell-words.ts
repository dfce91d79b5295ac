// Splits a shell script into its simple commands (argv per command) for policy checks; not a full shell parser.

/** One simple command of a script: its words, redirections removed. */
export type SimpleCommand = string[];

const SEPARATORS = new Set([";", "&", "|", "(", ")", "`", "\n"]);
const BLANKS = new Set([" ", "\t", "\r"]);

/**
 * Words of each simple command in `script`, split on `&&`, `||`, `;`, `|`, `&`, newlines, subshell
 * parentheses and command substitutions. Quotes and backslashes are honoured, here-document bodies
 * are skipped, and redirections (`2>&1`, `> file`) are dropped with their targets.
 */
export function splitSimpleCommands(script: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: string[] = [];
  let word: string | null = null;
  let skipNextWord = false;
  const pendingHeredocs: Array<{ delimiter: string; stripTabs: boolean }> = [];

  const endWord = (): void => {
    if (word === null) return;
    if (skipNextWord) skipNextWord = false;
    else words.push(word);
    word = null;
  };
  const endCommand = (): void => {
    endWord();
    skipNextWord = false;
    if (words.length > 0) commands.push(words);
    words = [];
  };

  let i = 0;
  while (i < script.length) {
    const c = script[i] as string;
    if (c === "\\") {
      const next = script[i + 1];
      if (next === "\n") i += 2; // line continuation
      else {
        word = (word ?? "") + (next ?? "");
        i += 2;
      }
      continue;
    }
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      const stop = end < 0 ? script.length : end;
      word = (word ?? "") + script.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let text = "";
      while (j < script.length && script[j] !== '"') {
        const d = script[j] as string;
        const e = script[j + 1];
        if (d === "\\" && e !== undefined && '"\\$`\n'.includes(e)) {
          if (e !== "\n") text += e;
          j += 2;
        } else {
          text += d;
          j++;
        }
      }
      word = (word ?? "") + text;
      i = j + 1;
      continue;
    }
    if (c === "#" && word === null) {
      const end = script.indexOf("\n", i);
      i = end < 0 ? script.length : end;
      continue;
    }
    if (c === "$" && script[i + 1] === "(") {
      endCommand();
      i += 2;
      continue;
    }
    if (c === "<" || c === ">" || (c === "&" && script[i + 1] === ">")) {
      const heredoc = /^<<(-?)[ \t]*(['"]?)([^\s'"<>;&|()]+)\2/.exec(script.slice(i));
      if (heredoc && !script.startsWith("<<<", i)) {
        endWord();
        pendingHeredocs.push({ delimiter: heredoc[3] as string, stripTabs: heredoc[1] === "-" });
        i += heredoc[0].length;
        continue;
      }
      // A bare file-descriptor number before the operator (`2>`) belongs to the redirection.
      if (word !== null && /^\d+$/.test(word) && c !== "&") word = null;
      endWord();
      const op = /^(?:&>>|&>|>>|>&|>\||<<<|<&|<>|>|<)/.exec(script.slice(i));
      i += op ? op[0].length : 1;
      skipNextWord = true; // the target (`file`, `&1` → `1`)
      continue;
    }
    if (c === "\n" && pendingHeredocs.length > 0) {
      endCommand();
      i = skipHeredocBodies(script, i + 1, pendingHeredocs.splice(0));
      continue;
    }
    if (SEPARATORS.has(c)) {
      endCommand();
      i++;
      continue;
    }
    if (BLANKS.has(c)) {
      endWord();
      i++;
      continue;
    }
    word = (word ?? "") + c;
    i++;
  }
  endCommand();
  return commands;
}

/** Index just past the here-document bodies that start at `from`, in order. */
function skipHeredocBodies(script: string, from: number, heredocs: Array<{ delimiter: string; stripTabs: boolean }>): number {
  let pos = from;
  for (const { delimiter, stripTabs } of heredocs) {
    while (pos < script.length) {
      const end = script.indexOf("\n", pos);
      const lineEnd = end < 0 ? script.length : end;
      const line = script.slice(pos, lineEnd);
      pos = lineEnd + 1;
      if ((stripTabs ? line.replace(/^\t+/, "") : line) === delimiter) break;
    }
  }
  return Math.min(pos, script.length);
}
