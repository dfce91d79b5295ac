// shlexJoin must match codex's display of argv (Rust shlex 1.3 try_join); expectations checked against that crate.

import { describe, expect, it } from "vitest";
import { NUL_PLACEHOLDER, shlexJoin, shlexQuote } from "../../../../src/tools/unified-exec/shlex-join.js";
import { splitSimpleCommands } from "../../../../src/tools/unified-exec/shell-words.js";

describe("shlexJoin", () => {
  it.each<[string[], string]>([
    [["/bin/bash", "-lc", "echo 'check failed' >&2; exit 1"], `/bin/bash -lc "echo 'check failed' >&2; exit 1"`],
    [["/bin/bash", "-lc", "echo hello"], "/bin/bash -lc 'echo hello'"],
    [["/bin/bash", "-lc", "ls"], "/bin/bash -lc ls"],
    [["echo", ""], "echo ''"],
    [["echo", "it's"], `echo "it's"`],
    [["echo", 'say "hi"'], `echo 'say "hi"'`],
    [["echo", "$HOME"], "echo '$HOME'"],
    [["echo", "it's $HOME"], `echo "it's "'$HOME'`],
    [["echo", "`date`"], "echo '`date`'"],
    [["echo", "back\\slash"], `echo "back\\\\slash"`],
    [["echo", "it's a \\ path"], `echo "it's a \\\\ path"`],
    [["echo", "hi!"], "echo 'hi!'"],
    [["echo", "don't!"], `echo "don't"'!'`],
    [["echo", "a\nb"], "echo 'a\nb'"],
    [["echo", "tab\there"], "echo 'tab\there'"],
    [["echo", "#comment"], "echo '#comment'"],
    [["ls", "~"], "ls '~'"],
    [["ls", "~/x"], "ls '~/x'"],
    [["env", "A=1"], "env 'A=1'"],
    [["echo", "héllo"], "echo 'héllo'"],
    [["echo", "日本"], "echo '日本'"],
    [["ls", "-la"], "ls -la"],
    [["git", "--no-pager"], "git --no-pager"],
    [["ls", "*.ts"], "ls '*.ts'"],
    [["echo", "a,b"], "echo 'a,b'"],
    [["echo", "100%"], "echo '100%'"],
    [["echo", "^x"], "echo '^x'"],
    [["echo", "a^b"], "echo a'^b'"],
    [["echo", "x]"], "echo x]"],
    [["echo", "[x"], "echo '[x'"],
    [["echo", "{a,b}"], "echo '{a,b}'"],
    [["echo", '"$x"'], `echo '"$x"'`],
    [["echo", `a'b"c$d`], `echo "a'b\\"c"'$d'`],
    [[], ""],
  ])("%j → %s", (argv, want) => {
    expect(shlexJoin(argv)).toBe(want);
  });

  it("shows codex's placeholder when any word holds a NUL byte", () => {
    expect(shlexJoin(["echo", "a\0b"])).toBe(NUL_PLACEHOLDER);
    expect(shlexJoin(["ok", "bad\0"])).toBe("<command included NUL byte>");
    expect(shlexQuote("a\0b")).toBeNull();
  });

  it("round-trips through the word splitter", () => {
    const words = ["a b", "it's", 'say "hi"', "$(x)", "back\\slash", "", "don't!", `a'b"c$d`, "~/x", "héllo"];
    expect(splitSimpleCommands(`cmd ${shlexJoin(words)}`)).toEqual([["cmd", ...words]]);
  });
});
