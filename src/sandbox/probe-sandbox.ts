// Picks the Linux sandbox backend once per run: bwrap where it works, else the Landlock helper, else none.

import { spawn } from "node:child_process";
import { findSandboxHelper } from "./find-sandbox-helper.js";
import { probeBwrapAsync } from "./probe-bwrap.js";

type Env = Readonly<Record<string, string | undefined>>;

/** The backend commands run under; `none` fails closed (commands are refused). */
export type LinuxBackend =
  | { kind: "bwrap"; path: string }
  | { kind: "landlock"; helper: string; abi: number }
  | { kind: "none"; reason: string };

/** One backend's verdict, for `doctor` and the startup warning. */
export interface BackendCheck {
  name: "bwrap" | "landlock";
  /** The backend, when it works here. */
  works: LinuxBackend | null;
  detail: string;
}

export interface SandboxProbe {
  backend: LinuxBackend;
  checks: BackendCheck[];
}

/** `CODEX_EXEC_SANDBOX_BACKEND`: `auto` (default), or one backend only. */
export type BackendChoice = "auto" | "bwrap" | "landlock";

export function backendChoice(env: Env): BackendChoice {
  const v = env["CODEX_EXEC_SANDBOX_BACKEND"];
  return v === "bwrap" || v === "landlock" ? v : "auto";
}

const HELPER_PROBE_TIMEOUT_MS = 10_000;

/**
 * Probe in order of preference and stop at the first that works (`all` probes every one, for `doctor`).
 * Each probe is one short process, started once per run, never once per command. Never rejects.
 */
export async function probeLinuxSandbox(env: Env, opts: { all?: boolean } = {}): Promise<SandboxProbe> {
  const choice = backendChoice(env);
  const checks: BackendCheck[] = [];
  let backend: LinuxBackend | null = null;
  if (choice !== "landlock") {
    const bwrap = await probeBwrapAsync(env["PATH"]);
    const works: LinuxBackend | null = bwrap.ok ? { kind: "bwrap", path: bwrap.path } : null;
    checks.push({ name: "bwrap", works, detail: bwrap.ok ? bwrap.path : bwrap.reason });
    backend = works;
  }
  if (choice !== "bwrap" && (backend === null || opts.all === true)) {
    const landlock = await probeHelper(env);
    const works: LinuxBackend | null = landlock.ok ? { kind: "landlock", helper: landlock.helper, abi: landlock.abi } : null;
    checks.push({ name: "landlock", works, detail: landlock.detail });
    backend ??= works;
  }
  return { backend: backend ?? { kind: "none", reason: checks.map((c) => c.detail).join("; and ") }, checks };
}

type HelperVerdict = { ok: true; helper: string; abi: number; detail: string } | { ok: false; detail: string };

/** Run `helper --probe`: it answers `landlock_abi=N seccomp=1` when it can confine commands here. */
function probeHelper(env: Env): Promise<HelperVerdict> {
  const helper = findSandboxHelper(env);
  if (helper === null) return Promise.resolve({ ok: false, detail: "the Landlock helper is not built (npm rebuild codex-exec, with a C compiler and libseccomp-dev)" });
  return new Promise((resolve) => {
    let out = "";
    let err = "";
    const child = spawn(helper, ["--probe"], { stdio: ["ignore", "pipe", "pipe"], timeout: HELPER_PROBE_TIMEOUT_MS });
    child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (err += d.toString("utf8")));
    child.on("error", (e) => resolve({ ok: false, detail: `${helper}: ${e.message}` }));
    child.on("close", (code) => {
      const abi = Number(/landlock_abi=(\d+)/.exec(out)?.[1] ?? 0);
      if (code === 0 && abi >= 1 && /seccomp=1/.test(out)) resolve({ ok: true, helper, abi, detail: `Landlock ABI ${abi}, seccomp` });
      else resolve({ ok: false, detail: err.trim().split("\n")[0] || `the helper's probe exited ${String(code)}` });
    });
  });
}
