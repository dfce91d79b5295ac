// Checks once whether bubblewrap can confine commands here (installed, and namespaces allowed).

import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

export type BwrapProbe = { ok: true; path: string } | { ok: false; reason: string };

/** Find `bwrap` on PATH and run a trivial confined command with it. */
export function probeBwrap(pathEnv: string | undefined): BwrapProbe {
  const bwrap = findOnPath("bwrap", pathEnv);
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

function findOnPath(name: string, pathEnv: string | undefined): string | null {
  for (const dir of (pathEnv ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return null;
}
