// A PatchFs whose writes and removals run inside the command sandbox, so the kernel enforces the policy.
//
// apply_patch checks every target against the writable roots (symlinks resolved) before it writes. A
// command the model left running could swap a directory for a symlink between that check and the write;
// written from this process, the file would land wherever the link points. Written by `sh` inside the
// same sandbox the commands get, it meets the same read-only mounts instead. Reads stay in-process:
// every mode may read everywhere.

import { spawn } from "node:child_process";
import path from "node:path";
import type { PatchFs } from "./patch-fs.js";

/**
 * Turns an argv into its sandboxed form (as for commands); throws when nothing can confine it. `writes`
 * names the file the argv creates or removes, already checked against the policy: a backend that cannot
 * express the policy exactly (Landlock, at the top of a root holding `.git`) grants it for this argv only.
 */
export type WrapArgv = (argv: string[], cwd: string, writes: readonly string[]) => string[];

/** The errno behind a message of sh, cat, mkdir or rm (run with LC_ALL=C). */
const ERRNO_TEXT: ReadonlyArray<readonly [string, string]> = [
  ["Read-only file system", "EROFS"],
  ["Permission denied", "EACCES"],
  ["Operation not permitted", "EPERM"],
  ["No such file or directory", "ENOENT"],
  ["Not a directory", "ENOTDIR"],
  ["Is a directory", "EISDIR"],
  ["No space left on device", "ENOSPC"],
];

/**
 * `inner` for reads; writes and removals through `wrap`. When `wrap` cannot confine anything, no
 * command can run either (commands are refused then), so nothing can race the check and `inner` writes.
 */
export function sandboxedPatchFs(inner: PatchFs, wrap: WrapArgv): PatchFs {
  const confined = (argv: string[], file: string): string[] | null => {
    try {
      return wrap(argv, "/", [file]);
    } catch {
      return null;
    }
  };
  return {
    readFile: (file) => inner.readFile(file),
    exists: (file) => inner.exists(file),
    isFile: (file) => inner.isFile(file),
    async writeFile(file, content) {
      const script = 'mkdir -p -- "$1" && cat > "$2"';
      const argv = confined(["/bin/sh", "-c", script, "sh", path.dirname(file), file], file);
      if (argv === null) return inner.writeFile(file, content);
      await run(argv, Buffer.from(content, "utf8"));
    },
    async remove(file) {
      const argv = confined(["/bin/rm", "--", file], file);
      if (argv === null) return inner.remove(file);
      await run(argv, null);
    },
  };
}

/** Run `argv` with `stdin`; rejects with a Node-style error (errno `code` when recognisable) unless it exits 0. */
function run(argv: string[], stdin: Buffer | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const [cmd, ...args] = argv;
    const child = spawn(cmd ?? "/bin/false", args, {
      env: { PATH: "/usr/bin:/bin", LC_ALL: "C" },
      stdio: [stdin === null ? "ignore" : "pipe", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      if (stderr.length < 4096) stderr += d;
    });
    // The writer may stop reading early (it failed); its exit status says why.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(stdin);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) {
        resolve();
        return;
      }
      const message = stderr.trim().split("\n").at(-1) || `exited with ${signal ?? `code ${String(code)}`}`;
      const errno = ERRNO_TEXT.find(([text]) => message.includes(text))?.[1];
      reject(Object.assign(new Error(message), errno === undefined ? {} : { code: errno }));
    });
  });
}
