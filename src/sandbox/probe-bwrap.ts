// Checks once whether bubblewrap can confine commands here (installed, and namespaces allowed).

import { spawn, spawnSync } from "node:child_process";
import { findExecutable } from "./find-executable.js";

export type BwrapProbe = { ok: true; path: string } | { ok: false; reason: string };

/** A trivial confined command: it succeeds only when bwrap may create the namespaces a sandbox needs. */
const PROBE_ARGS = ["--ro-bind", "/", "/", "--dev", "/dev", "--unshare-user", "--unshare-pid", "--unshare-net", "--proc", "/proc", "true"];
const PROBE_TIMEOUT_MS = 10_000;
const NOT_INSTALLED: BwrapProbe = { ok: false, reason: "bubblewrap (bwrap) is not installed" };

/** Find `bwrap` on PATH and run a trivial confined command with it. */
export function probeBwrap(pathEnv: string | undefined): BwrapProbe {
  const bwrap = findExecutable("bwrap", pathEnv);
  if (!bwrap) return NOT_INSTALLED;
  const r = spawnSync(bwrap, PROBE_ARGS, { stdio: ["ignore", "ignore", "pipe"], timeout: PROBE_TIMEOUT_MS });
  if (r.status === 0) return { ok: true, path: bwrap };
  const detail = r.error?.message ?? r.stderr.toString("utf8").trim().split("\n")[0] ?? `exit ${String(r.status)}`;
  return cannotSandbox(detail);
}

/**
 * The same check without blocking: started early, the probe runs while startup goes on (config,
 * prompt, session file) and its verdict is awaited where the sandbox is built. Never rejects.
 */
export function probeBwrapAsync(pathEnv: string | undefined): Promise<BwrapProbe> {
  const bwrap = findExecutable("bwrap", pathEnv);
  if (!bwrap) return Promise.resolve(NOT_INSTALLED);
  return new Promise((resolve) => {
    let stderr = "";
    const child = spawn(bwrap, PROBE_ARGS, { stdio: ["ignore", "ignore", "pipe"], timeout: PROBE_TIMEOUT_MS });
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString("utf8");
    });
    child.on("error", (err) => resolve(cannotSandbox(err.message)));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve({ ok: true, path: bwrap });
      const detail = stderr.trim().split("\n")[0] || (signal ? `killed by ${signal}` : `exit ${String(code)}`);
      resolve(cannotSandbox(detail));
    });
  });
}

function cannotSandbox(detail: string): BwrapProbe {
  return { ok: false, reason: `bwrap cannot create a sandbox here: ${detail}` };
}
