// Recognising apply_patch calls hidden in shell commands (argv and heredoc forms), without a bash parser.

import { describe, expect, it } from "vitest";
import {
  detectApplyPatchInvocation,
  IMPLICIT_INVOCATION_ERROR,
  isImplicitPatchInvocation,
} from "../../../../src/tools/apply-patch/detect-invocation.js";

const PATCH = "*** Begin Patch\n*** Add File: foo\n+hi\n*** End Patch";
const heredoc = (prefix: string, suffix = ""): string => `${prefix}apply_patch <<'PATCH'\n${PATCH}\nPATCH${suffix}`;
const CWD = "/work/repo";

describe("detectApplyPatchInvocation: recognised", () => {
  it.each<{ name: string; command: string | string[]; workdir?: string; cwd?: string; patch?: string }>([
    { name: "argv apply_patch", command: ["apply_patch", `${PATCH}\n`], patch: `${PATCH}\n` },
    { name: "argv applypatch", command: ["applypatch", PATCH] },
    { name: "argv with a literal heredoc wrapper (parsed leniently later)", command: ["apply_patch", `<<'EOF'\n${PATCH}\nEOF\n`], patch: `<<'EOF'\n${PATCH}\nEOF\n` },
    { name: "bash -lc heredoc", command: ["bash", "-lc", heredoc("")] },
    { name: "bash -c heredoc", command: ["bash", "-c", heredoc("")] },
    { name: "/bin/zsh -lc heredoc", command: ["/bin/zsh", "-lc", heredoc("")] },
    { name: "sh -c heredoc", command: ["sh", "-c", heredoc("")] },
    { name: "applypatch alias in a heredoc", command: ["bash", "-lc", `applypatch <<'PATCH'\n${PATCH}\nPATCH`] },
    { name: "unquoted delimiter", command: ["bash", "-lc", `apply_patch <<EOF\n${PATCH}\nEOF\n`] },
    { name: "double-quoted delimiter", command: ["bash", "-lc", `apply_patch << "END"\n${PATCH}\nEND`] },
    { name: "a plain script string", command: heredoc("") },
    { name: "trailing newlines in the body are dropped", command: ["bash", "-lc", `apply_patch <<'EOF'\n${PATCH}\n\n\nEOF\n`] },
    { name: "cd <dir> && …", command: ["bash", "-lc", heredoc("cd foo && ")], workdir: "foo", cwd: "/work/repo/foo" },
    { name: "cd '<dir with spaces>' && …", command: ["bash", "-lc", heredoc("cd 'foo bar' && ")], workdir: "foo bar", cwd: "/work/repo/foo bar" },
    { name: 'cd "<dir>" && …', command: ["bash", "-lc", heredoc('cd "foo bar" && ')], workdir: "foo bar", cwd: "/work/repo/foo bar" },
    { name: "cd <absolute dir> && …", command: heredoc("cd /elsewhere/x && "), workdir: "/elsewhere/x", cwd: "/elsewhere/x" },
    { name: "cd <dir> && on its own line", command: heredoc("cd ../sib &&\n"), workdir: "../sib", cwd: "/work/sib" },
    { name: "powershell -NoProfile -Command", command: ["powershell.exe", "-NoProfile", "-Command", heredoc("")] },
    { name: "pwsh -Command", command: ["pwsh", "-command", heredoc("")] },
    { name: "cmd /c with cd", command: ["cmd.exe", "/c", heredoc("cd foo && ")], workdir: "foo", cwd: "/work/repo/foo" },
  ])("$name", ({ command, workdir, cwd, patch }) => {
    expect(detectApplyPatchInvocation(command, CWD)).toEqual({ patch: patch ?? PATCH, workdir: workdir ?? null, cwd: cwd ?? CWD });
  });
});

describe("detectApplyPatchInvocation: not an apply_patch call", () => {
  it.each<{ name: string; command: string | string[] }>([
    { name: "another command", command: ["bash", "-lc", "ls -la"] },
    { name: "argv with an extra argument", command: ["apply_patch", PATCH, "x"] },
    { name: "argv with a path to the command", command: ["/usr/bin/apply_patch", PATCH] },
    { name: "unknown shell", command: ["fish", "-c", heredoc("")] },
    { name: "unknown flag", command: ["bash", "-x", heredoc("")] },
    { name: "cd ; apply_patch", command: ["bash", "-lc", heredoc("cd foo; ")] },
    { name: "cd || apply_patch", command: ["bash", "-lc", heredoc("cd bar || ")] },
    { name: "cd | apply_patch", command: ["bash", "-lc", heredoc("cd bar | ")] },
    { name: "echo && apply_patch", command: ["bash", "-lc", heredoc("echo foo && ")] },
    { name: "apply_patch with an argument", command: ["bash", "-lc", `apply_patch foo <<'PATCH'\n${PATCH}\nPATCH`] },
    { name: "two cds", command: ["bash", "-lc", heredoc("cd foo && cd bar && ")] },
    { name: "cd with two arguments", command: ["bash", "-lc", heredoc("cd foo bar && ")] },
    { name: "a command after the heredoc", command: ["bash", "-lc", heredoc("cd bar && ", " && echo done")] },
    { name: "a command after the terminator line", command: ["bash", "-lc", `${heredoc("")}\necho done`] },
    { name: "something after the delimiter on the first line", command: ["bash", "-lc", `apply_patch <<'PATCH' && echo hi\n${PATCH}\nPATCH`] },
    { name: "a command before", command: ["bash", "-lc", heredoc("echo foo; cd bar && ")] },
    { name: "no terminator", command: ["bash", "-lc", `apply_patch <<'PATCH'\n${PATCH}\n`] },
    { name: "empty heredoc", command: ["bash", "-lc", "apply_patch <<'PATCH'\nPATCH"] },
    { name: "cd to a path with an expansion", command: ["bash", "-lc", heredoc('cd "$HOME/x" && ')] },
    { name: "here-string", command: ["bash", "-lc", `apply_patch <<< '${PATCH}'`] },
    { name: "a bare patch as the script", command: ["bash", "-lc", PATCH] },
    { name: "empty argv", command: [] },
  ])("$name", ({ command }) => {
    expect(detectApplyPatchInvocation(command, CWD)).toBeNull();
  });
});

describe("isImplicitPatchInvocation", () => {
  it.each<{ command: string | string[]; want: boolean }>([
    { command: [PATCH], want: true },
    { command: ["bash", "-lc", PATCH], want: true },
    { command: PATCH, want: true },
    { command: ["apply_patch", PATCH], want: false },
    { command: ["bash", "-lc", heredoc("")], want: false },
    { command: ["ls"], want: false },
  ])("$command → $want", ({ command, want }) => {
    expect(isImplicitPatchInvocation(command)).toBe(want);
  });

  it("has codex's message", () => {
    expect(IMPLICIT_INVOCATION_ERROR).toBe('patch detected without explicit call to apply_patch. Rerun as ["apply_patch", "<patch>"]');
  });
});
