import { describe, expect, it } from "vitest";
import { isBlockedByPolicy, isDangerousCommand } from "../../../../src/tools/unified-exec/exec-policy.js";
import { quoteArgv, quoteWord } from "../../../../src/tools/unified-exec/shell-quote.js";
import { splitSimpleCommands } from "../../../../src/tools/unified-exec/shell-words.js";

describe("quoteArgv", () => {
  it.each([
    [["/bin/bash", "-lc", "echo hello"], "/bin/bash -lc 'echo hello'"],
    [["ls", "-la", "src/x.ts"], "ls -la src/x.ts"],
    [["echo", "it's"], `echo 'it'"'"'s'`],
    [["echo", ""], "echo ''"],
    [["printf", "$HOME\n"], "printf '$HOME\n'"],
  ])("%j → %s", (argv, want) => {
    expect(quoteArgv(argv)).toBe(want);
  });

  it("round-trips through the word splitter", () => {
    const words = ["a b", "it's", 'say "hi"', "$(x)", "back\\slash", ""];
    expect(splitSimpleCommands(`cmd ${words.map(quoteWord).join(" ")}`)).toEqual([["cmd", ...words]]);
  });
});

describe("splitSimpleCommands", () => {
  it.each([
    ["echo hi && rm -rf /tmp/x", [["echo", "hi"], ["rm", "-rf", "/tmp/x"]]],
    ["a | b; c || d & e", [["a"], ["b"], ["c"], ["d"], ["e"]]],
    ["echo 'a b' \"c \\\"d\\\"\" e\\ f", [["echo", "a b", 'c "d"', "e f"]]],
    ["ls -la > out.txt 2>&1; cat < in", [["ls", "-la"], ["cat"]]],
    ["make &> log && echo ok", [["make"], ["echo", "ok"]]],
    ["cat <<'EOF' > f\nrm -rf /\nEOF\necho done", [["cat"], ["echo", "done"]]],
    ["cat <<-EOF\n\trm -rf /\n\tEOF\necho done", [["cat"], ["echo", "done"]]],
    ["echo $(rm -rf x)", [["echo"], ["rm", "-rf", "x"]]],
    ["echo `rm -f y`", [["echo"], ["rm", "-f", "y"]]],
    ["(cd a && rm -f b)", [["cd", "a"], ["rm", "-f", "b"]]],
    ["echo a # rm -rf /\nls", [["echo", "a"], ["ls"]]],
    ["echo a\\\nb", [["echo", "ab"]]],
  ])("%j", (script, want) => {
    expect(splitSimpleCommands(script)).toEqual(want);
  });
});

describe("exec policy", () => {
  it.each([
    ["rm -rf build"],
    ["rm -f a.txt"],
    ["rm -fr build"],
    ["rm -r -f build"],
    ["sudo rm -rf /"],
    ["echo hi && rm -rf x"],
    ["ls | rm -f x"],
    ["FOO=1 rm -rf x"],
    ["/bin/rm -rf x"],
    [`bash -c "rm -rf x"`],
    ["echo $(rm -rf x)"],
  ])("refuses %j", (script) => {
    expect(isDangerousCommand(["/bin/bash", "-lc", script])).toBe(true);
  });

  it.each([["rm file"], ["rm -r dir"], ["echo rm -rf x"], ["git rm -f x"], ["rm -- -rf"], ["cat <<EOF\nrm -rf /\nEOF"], ["ls -f"]])(
    "allows %j",
    (script) => {
      expect(isDangerousCommand(["/bin/bash", "-lc", script])).toBe(false);
    },
  );

  it("judges a plain argv too", () => {
    expect(isDangerousCommand(["rm", "-rf", "/"])).toBe(true);
    expect(isDangerousCommand(["sudo", "rm", "-f", "x"])).toBe(true);
    expect(isDangerousCommand(["ls", "-f"])).toBe(false);
  });

  it("lets everything through under danger-full-access", () => {
    const argv = ["/bin/bash", "-lc", "rm -rf x"];
    expect(isBlockedByPolicy(argv, "workspace-write")).toBe(true);
    expect(isBlockedByPolicy(argv, "read-only")).toBe(true);
    expect(isBlockedByPolicy(argv, "danger-full-access")).toBe(false);
  });
});
