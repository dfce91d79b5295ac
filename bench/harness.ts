// Spawning a CLI under measurement: wall time, time to first model request, CPU time and peak RSS of the child.

import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

/** A CLI under test: the command prefix `exec …` arguments are appended to. */
export interface Target {
  /** Column title: `codex-exec` or `codex`. */
  name: string;
  command: readonly string[];
}

/** This repository's CLI, as users run it: `node bin/codex-exec.js` (`root` is the repository). */
export function oursTarget(root: string): Target {
  return { name: "codex-exec", command: [process.execPath, path.join(root, "bin", "codex-exec.js")] };
}

/**
 * The reference `codex` binary from `CODEX_BIN`, when set and present. `CODEX_BIN_LABEL` renames its
 * column: any executable that takes `exec …` works. A `.js` file (another checkout's `bin/codex-exec.js`)
 * runs on this Node directly: a shell script in between would add its own ~1 MB to every peak RSS.
 */
export function referenceTarget(env: NodeJS.ProcessEnv): Target | null {
  const bin = env["CODEX_BIN"];
  if (!bin) return null;
  if (!existsSync(bin)) {
    process.stderr.write(`bench: CODEX_BIN=${bin} does not exist; running codex-exec only\n`);
    return null;
  }
  const command = /\.[cm]?js$/.test(bin) ? [process.execPath, bin] : [bin];
  return { name: env["CODEX_BIN_LABEL"] || "codex", command };
}

/** GNU time, the most exact source of peak RSS and CPU time of a child (with everything it waited for). */
const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
export const MEASURE_METHOD = GNU_TIME ? "/usr/bin/time" : process.platform === "linux" ? "/proc sampling" : "none";

export interface SpawnOptions {
  cwd: string;
  env: Record<string, string>;
  /** Measure CPU and peak RSS (wraps the child in /usr/bin/time; otherwise samples /proc). */
  resources?: boolean;
  /** Kill the child after this long (the run is then reported as failed). */
  timeoutMs?: number;
  /** Prefix such as `taskset -c 0,1`. */
  wrapper?: readonly string[];
  /** Keep at most this many bytes of stdout (the count is always exact). */
  keepStdout?: number;
}

export interface Measured {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** performance.now() at spawn: scenario hooks compare request arrival against it. */
  spawnedAt: number;
  wallMs: number;
  /** user + system CPU of the child, ms; null when not measured. */
  cpuMs: number | null;
  /** Peak resident set, MiB; null when not measured. */
  peakRssMb: number | null;
  stdoutBytes: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Start `target exec …args`, wait for it, and measure it. */
export function runTarget(target: Target, args: readonly string[], opts: SpawnOptions): Promise<Measured> {
  const argv = [...(opts.wrapper ?? []), ...target.command, "exec", ...args];
  return runCommand(argv, opts);
}

let timeFileCounter = 0;

export function runCommand(argvIn: readonly string[], opts: SpawnOptions): Promise<Measured> {
  let argv = [...argvIn];
  const timeFile =
    opts.resources && GNU_TIME ? path.join(os.tmpdir(), `codex-exec-bench-${process.pid}-${++timeFileCounter}.time`) : null;
  if (timeFile && GNU_TIME) argv = [GNU_TIME, "-f", "%U %S %M", "-o", timeFile, ...argv];
  const keep = opts.keepStdout ?? 1 << 20;
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.now();
    const child = spawn(argv[0] as string, argv.slice(1), { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdoutBytes = 0;
    const out: Buffer[] = [];
    let kept = 0;
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdoutBytes += d.length;
      if (kept < keep) {
        out.push(d.subarray(0, keep - kept));
        kept += Math.min(d.length, keep - kept);
      }
    });
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 1 << 16) stderr += d.toString("utf8");
    });
    const sampler = !timeFile && opts.resources ? startProcSampler(child.pid) : null;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs ?? 120_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      const wallMs = performance.now() - spawnedAt;
      clearTimeout(timer);
      let cpuMs: number | null = null;
      let peakRssMb: number | null = null;
      if (timeFile) {
        const parsed = parseTimeFile(timeFile);
        cpuMs = parsed?.cpuMs ?? null;
        peakRssMb = parsed?.peakRssMb ?? null;
        rmSync(timeFile, { force: true });
      } else if (sampler) {
        const s = sampler.stop();
        cpuMs = s.cpuMs;
        peakRssMb = s.peakRssMb;
      }
      resolve({
        code,
        signal,
        spawnedAt,
        wallMs,
        cpuMs,
        peakRssMb,
        stdoutBytes,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr,
        timedOut,
      });
    });
  });
}

/** GNU time's `%U %S %M` line (the last line: a killed child adds a "Command terminated" line first). */
function parseTimeFile(file: string): { cpuMs: number; peakRssMb: number } | null {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  const line = text.trim().split("\n").pop() ?? "";
  const m = /^([\d.]+) ([\d.]+) (\d+)$/.exec(line);
  if (!m) return null;
  return { cpuMs: (Number(m[1]) + Number(m[2])) * 1000, peakRssMb: Number(m[3]) / 1024 };
}

/** Without GNU time: poll /proc/<pid> for VmHWM (peak RSS) and utime+stime until the child exits. */
function startProcSampler(pid: number | undefined): { stop(): { cpuMs: number | null; peakRssMb: number | null } } {
  let cpuMs: number | null = null;
  let peakKb: number | null = null;
  const ticks = 100; // USER_HZ on every Linux we care about
  const sample = (): void => {
    if (pid === undefined) return;
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peakKb = Math.max(peakKb ?? 0, Number(hwm[1]));
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
    } catch {
      // Gone already: keep the last sample.
    }
  };
  const timer = setInterval(sample, 10);
  sample();
  return {
    stop: () => {
      clearInterval(timer);
      return { cpuMs, peakRssMb: peakKb === null ? null : peakKb / 1024 };
    },
  };
}

/** The environment of a benchmarked run: nothing inherited but PATH. */
export function childEnv(codexHome: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: codexHome,
    CODEX_HOME: codexHome,
    // Some reference builds insist on a key even for a keyless custom provider.
    OPENAI_API_KEY: "sk-bench",
    ...extra,
  };
}
