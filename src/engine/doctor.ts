// `codex-exec doctor`: would a run work here? Sandbox backends (each tried for real), API key, config, network.

import { spawn } from "node:child_process";
import { resolveAuth } from "../config/resolve-auth.js";
import { CodexExecError } from "../errors.js";
import { FULL_ACCESS, type SandboxPolicy } from "../protocol/index.js";
import { BWRAP_REMEDY, createCommandSandbox, LANDLOCK_REMEDY, SANDBOX_REMEDIES } from "../sandbox/command-sandbox.js";
import { probeLinuxSandbox, type LinuxBackend } from "../sandbox/probe-sandbox.js";
import type { EngineArgs } from "./engine-args.js";
import { outboundHttp } from "../model/transport/outbound-http.js";
import { prepareRun, type EngineEnv } from "./prepare-run.js";

export type CheckStatus = "ok" | "fail" | "skip";

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a failure. */
  fix?: string;
}

export interface DoctorReport {
  /** Whether a run would work: config loads, a key is found where one is needed, commands can be confined. */
  ok: boolean;
  checks: DoctorCheck[];
}

/** A trivial command each backend must run confined, proving more than the probe did. */
const PROBE_COMMAND = ["/bin/sh", "-c", "exit 0"];
const NETWORK_TIMEOUT_MS = 10_000;

export async function runDoctor(args: EngineArgs, where: EngineEnv, opts: { network: boolean }): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const failedCheck = (name: string, err: unknown, fix: string): DoctorCheck => ({
    name,
    status: "fail",
    detail: err instanceof Error ? err.message.replace(/^Error: /, "") : String(err),
    fix,
  });

  let prepared: Awaited<ReturnType<typeof prepareRun>> | null = null;
  try {
    prepared = await prepareRun(args, where, { probeSandbox: false });
    const c = prepared.config;
    const warnings = c.warnings.length === 0 ? "" : `; ${c.warnings.length} warning(s): ${c.warnings.join("; ")}`;
    checks.push({ name: "config", status: "ok", detail: `loads (model ${c.model}, provider ${c.provider.id}, sandbox ${c.sandboxMode})${warnings}` });
  } catch (err) {
    checks.push(failedCheck("config", err, err instanceof CodexExecError ? "correct the key the message names" : "see the message"));
  }

  const sandboxNeeded = prepared === null || prepared.config.sandboxMode !== "danger-full-access";
  if (where.platform === "linux") {
    // A run's probe stops at the first backend that works; doctor wants a verdict on each.
    const probe = await probeLinuxSandbox(prepared?.env ?? where.env, { all: true });
    for (const c of probe.checks) {
      const ran = c.works === null ? null : await runConfined(c.works, where.cwd);
      const ok = c.works !== null && ran === null;
      checks.push({
        name: `sandbox ${c.name}`,
        status: ok ? "ok" : "fail",
        detail: ok ? `works (${c.detail})` : (ran ?? c.detail),
        ...(ok ? {} : { fix: c.name === "bwrap" ? BWRAP_REMEDY : LANDLOCK_REMEDY }),
      });
    }
    const chosen = probe.backend.kind === "none" ? null : probe.backend.kind;
    checks.push(
      chosen !== null
        ? { name: "sandbox", status: "ok", detail: `runs use ${chosen}` }
        : { name: "sandbox", status: sandboxNeeded ? "fail" : "skip", detail: sandboxNeeded ? "no backend works: commands would be refused" : "danger-full-access: commands run unconfined", fix: SANDBOX_REMEDIES },
    );
  } else {
    checks.push({ name: "sandbox", status: "ok", detail: where.platform === "darwin" ? "runs use seatbelt" : `no sandbox on ${where.platform}` });
  }

  if (prepared !== null) {
    try {
      const auth = await resolveAuth(prepared.config.provider, prepared.env, prepared.codexHome);
      checks.push({ name: "api key", status: "ok", detail: auth.kind === "bearer" ? `found in ${auth.source}` : `provider ${prepared.config.provider.id} needs none` });
    } catch (err) {
      checks.push(failedCheck("api key", err, "set the variable the message names (its value is never shown)"));
    }
    checks.push(opts.network ? await reachable(prepared.config.provider.baseUrl, prepared.env) : { name: "network", status: "skip", detail: "pass --network to check that the provider's base URL answers" });
  }

  const needed = (c: DoctorCheck): boolean => !c.name.startsWith("sandbox ") && (c.name !== "sandbox" || sandboxNeeded);
  return { ok: checks.every((c) => c.status !== "fail" || !needed(c)), checks };
}


/** Run the probe command under `backend`, with the read-only policy; null when it succeeded, else why not. */
function runConfined(backend: LinuxBackend, cwd: string): Promise<string | null> {
  const policy: SandboxPolicy = { ...FULL_ACCESS, mode: "read-only", networkAccess: false };
  const argv = createCommandSandbox(policy, "linux", () => backend).wrap(PROBE_COMMAND, cwd);
  return new Promise((resolve) => {
    let err = "";
    const child = spawn(argv[0] ?? "/bin/false", argv.slice(1), { cwd, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (d: Buffer) => (err += d.toString("utf8")));
    child.on("error", (e) => resolve(e.message));
    child.on("close", (code) => resolve(code === 0 ? null : err.trim().split("\n")[0] || `the probe command exited ${String(code)}`));
  });
}

/** Any HTTP answer from the base URL (even 401 or 404) means the network path works. */
async function reachable(baseUrl: string, env: Readonly<Record<string, string | undefined>>): Promise<DoctorCheck> {
  const outbound = await outboundHttp(env, baseUrl);
  const proxy = outbound.proxyFor(baseUrl);
  const via = proxy === null ? "" : ` through ${proxy}`;
  try {
    const res = await outbound.fetch(`${baseUrl.replace(/\/$/, "")}/models`, { signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS) });
    await res.body?.cancel();
    return { name: "network", status: "ok", detail: `${baseUrl} answers (HTTP ${res.status})${via}` };
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    const why = cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
    return { name: "network", status: "fail", detail: `${baseUrl} is not reachable${via}: ${why}`, fix: "check the base URL, the proxy variables (HTTPS_PROXY, NO_PROXY) and the firewall" };
  }
}
