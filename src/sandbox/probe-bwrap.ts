// Checks once whether bubblewrap can confine commands here (installed, and namespaces allowed).

import { spawnSync } from "node:child_process";
import { findExecutable } from "./find-executable.js";

export type BwrapProbe = { ok: true; path: string } | { ok: false; reason: string };

/** Find `bwrap` on PATH and run a trivial confined command with it. */
export function probeBwrap(pathEnv: string | undefined): BwrapProbe {
  const bwrap = findExecutable("bwrap", pathEnv);
  if (!bwrap) return { ok: false, reason: "bubblewrap (bwrap) is not installed" };
  const r = spawnSync(
    bwrap,
    ["--ro-bind", "/", "/", "--dev", "/dev", "--unshare-user", "--unshare-pid", "--unshare-net", "--proc", "/proc", "true"],
    { stdio: ["ignore", "ignore", "pipe"], timeout: 10_000 },
  );
  if (r.status === 0) return { ok: true, path: bwrap };
  const detail = r.error?.message ?? r.stderr.toString("utf8").trim().split("\n")[0] ?? `exit ${String(r.status)}`;
  return { ok: false, reason: `bwrap cannot create a sandbox here: ${detail}` };
}

