// Shell-quotes argv into a command line for a POSIX shell to run (script(1)); events use shlex-join.ts.

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quote one word for a POSIX shell; words made only of safe characters stay bare. */
export function quoteWord(word: string): string {
  if (word === "") return "''";
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

/** Join argv into one shell command line that a POSIX shell would split back into the same words. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map(quoteWord).join(" ");
}
