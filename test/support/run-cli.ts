// Spawns the built bin/codex-exec.js with a private environment and collects its output.

import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ThreadEvent } from "../../src/protocol/index.js";

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/codex-exec.js");

export interface RunOptions {
  cwd: string;
  /** CODEX_HOME for the run. */
  codexHome: string;
  /** Extra environment (PATH and HOME are provided). */
  env?: Record<string, string>;
  /** Text written to stdin then closed; `null` gives /dev/null; `"open"` keeps a pipe open. */
  stdin?: string | Buffer | null | "open";
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  done: Promise<RunResult>;
  /** Resolves once stderr (or stdout) contains `text`; rejects if the run ends first. */
  waitFor(text: string, stream?: "stdout" | "stderr"): Promise<void>;
  /** Resolves once `test` holds for the output so far (checked on every chunk); rejects if the run ends first. */
  until(what: string, test: (out: { stdout: string; stderr: string }) => boolean): Promise<void>;
}

/** Start the CLI; the caller decides when to signal it. */
export function startCli(args: readonly string[], opts: RunOptions): Running {
  const stdin = opts.stdin === undefined ? null : opts.stdin;
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: opts.codexHome,
      CODEX_HOME: opts.codexHome,
      ...opts.env,
    },
    stdio: [stdin === null ? "ignore" : "pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const watchers: Array<() => void> = [];
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString("utf8");
    for (const w of watchers) w();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString("utf8");
    for (const w of watchers) w();
  });
  if (child.stdin && stdin !== "open" && stdin !== null) child.stdin.end(stdin);
  let closed = false;
  const done = new Promise<RunResult>((resolve) => {
    child.on("close", (code, signal) => {
      closed = true;
      for (const w of watchers) w();
      resolve({ code, signal, stdout, stderr });
    });
  });
  const until = (what: string, test: (out: { stdout: string; stderr: string }) => boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (test({ stdout, stderr })) resolve();
        else if (closed) reject(new Error(`the run ended before ${what}; stderr:\n${stderr.slice(-2000)}`));
      };
      watchers.push(check);
      check();
    });
  const waitFor = (text: string, stream: "stdout" | "stderr" = "stderr"): Promise<void> =>
    until(`${stream} held ${JSON.stringify(text)}`, (out) => out[stream].includes(text));
  return { child, done, waitFor, until };
}

/** Run the CLI to completion. */
export function runCli(args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return startCli(args, opts).done;
}

/** Parse stdout as JSONL; every line must be a valid ThreadEvent. */
export function parseJsonl(stdout: string): ThreadEvent[] {
  return stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => ThreadEvent.parse(JSON.parse(l)));
}

/** `type` (and `item.type`) of each event, e.g. `item.completed:agent_message`. */
export function sequence(events: readonly ThreadEvent[]): string[] {
  return events.map((e) => ("item" in e ? `${e.type}:${e.item.type}` : e.type));
}

/** The human transcript without its two footer lines (`exit <code>: …`, then the facts), and those lines; throws if absent. */
export function splitFooter(stderr: string): { body: string; footer: [string, string] } {
  const m = /\n?(exit \d+: [^\n]*)\n(files changed [^\n]*)\n$/.exec(stderr);
  if (m === null) throw new Error(`no footer at the end of:\n${stderr.slice(-500)}`);
  return { body: stderr.slice(0, m.index + 1), footer: [m[1] ?? "", m[2] ?? ""] };
}
