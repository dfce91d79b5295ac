// The macOS Seatbelt profile and `sandbox-exec` command line for a sandbox policy.

import type { SandboxPolicy } from "../protocol/index.js";

export const SANDBOX_EXEC = "/usr/bin/sandbox-exec";

/** A Seatbelt profile: deny by default; processes, reads everywhere; writes only under the roots. */
export function seatbeltProfile(policy: SandboxPolicy): string {
  const lines = [
    "(version 1)",
    "(deny default)",
    "(allow process-exec process-fork signal (target same-sandbox))",
    "(allow sysctl-read mach-lookup ipc-posix-shm iokit-open pseudo-tty)",
    "(allow file-read*)",
    '(allow file-write* (literal "/dev/null") (literal "/dev/tty") (regex #"^/dev/ttys[0-9]+$"))',
  ];
  policy.writableRoots.forEach((_root, i) => {
    const excluded = policy.readOnlySubpaths
      .map((sub, j) => (sub.startsWith(`${policy.writableRoots[i]}/`) ? ` (require-not (subpath (param "READ_ONLY_${j}")))` : ""))
      .join("");
    lines.push(
      excluded === ""
        ? `(allow file-write* (subpath (param "WRITABLE_ROOT_${i}")))`
        : `(allow file-write* (require-all (subpath (param "WRITABLE_ROOT_${i}"))${excluded}))`,
    );
  });
  if (policy.networkAccess) lines.push("(allow network-outbound network-inbound system-socket)");
  else lines.push('(allow network* (local unix-socket) (remote unix-socket))');
  return `${lines.join("\n")}\n`;
}

/** `sandbox-exec -p <profile> -DWRITABLE_ROOT_i=… -DREAD_ONLY_j=… -- argv`. */
export function seatbeltArgv(policy: SandboxPolicy, argv: readonly string[]): string[] {
  const params = [
    ...policy.writableRoots.map((r, i) => `-DWRITABLE_ROOT_${i}=${r}`),
    ...policy.readOnlySubpaths.map((p, j) => `-DREAD_ONLY_${j}=${p}`),
  ];
  return [SANDBOX_EXEC, "-p", seatbeltProfile(policy), ...params, "--", ...argv];
}
