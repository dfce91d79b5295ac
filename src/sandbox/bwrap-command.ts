// The bubblewrap command line that confines one command to a sandbox policy (Linux).

import { existsSync } from "node:fs";
import type { SandboxPolicy } from "../protocol/index.js";

/**
 * `bwrap … -- argv`: the whole filesystem read-only, a fresh /dev and /proc, writable roots bound
 * read-write with their protected subpaths re-bound read-only, own pid namespace and session, the
 * network unshared unless allowed, no capabilities, and the command dies with its parent.
 */
export function bwrapArgv(bwrap: string, policy: SandboxPolicy, cwd: string, argv: readonly string[]): string[] {
  const out = [bwrap, "--new-session", "--die-with-parent", "--ro-bind", "/", "/"];
  // The fresh /dev goes on after roots that contain it (a root of `/` would re-bind the host's /dev
  // nodev, and /dev/null would refuse every open) but before roots inside it (e.g. /dev/shm).
  const underDev = (root: string): boolean => root.startsWith("/dev/");
  for (const root of policy.writableRoots) if (!underDev(root) && root !== "/dev") out.push("--bind", root, root);
  out.push("--dev", "/dev");
  for (const root of policy.writableRoots) if (underDev(root)) out.push("--bind", root, root);
  // Only existing protected paths are bound read-only. Masking a missing one (e.g. `.codex`) would make
  // bwrap create an empty mount-point file in the user's repository on every command (codex hit this too);
  // apply_patch still refuses to write there.
  for (const sub of policy.readOnlySubpaths) if (existsSync(sub)) out.push("--ro-bind", sub, sub);
  out.push("--unshare-user", "--unshare-pid", "--proc", "/proc");
  // Run as root (containers, CI), bwrap keeps every capability inside the sandbox, and one
  // `mount -o remount,rw` would undo the read-only binds. Unprivileged, there are none to drop.
  out.push("--cap-drop", "ALL");
  if (!policy.networkAccess) out.push("--unshare-net");
  out.push("--chdir", cwd, "--", ...argv);
  return out;
}
