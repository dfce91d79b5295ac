// Shared fixtures for the sandbox tests: temp trees with a git repo, and an async spawn that collects output.

import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { WorkspaceWriteSettings } from "../../../src/sandbox/resolve-sandbox-policy.js";

export interface Tree {
  /** Canonical temp directory holding everything below. */
  root: string;
  /** A git repository: the cwd of the commands. */
  repo: string;
  /** A directory beside the repo (outside every writable root unless a test adds it). */
  sibling: string;
  /** A HOME directory outside the repo. */
  home: string;
  cleanup(): void;
}

/** `root/{repo (git init), sibling, home}` in a fresh temp dir. */
export function makeTree(prefix = "sandbox-"): Tree {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  const repo = path.join(root, "repo");
  const sibling = path.join(root, "sibling");
  const home = path.join(root, "home");
  for (const d of [repo, sibling, home]) mkdirSync(d);
  execFileSync("git", ["init", "-q"], { cwd: repo });
  return { root, repo, sibling, home, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * `[sandbox_workspace_write]` settings. By default /tmp is excluded: the temp trees live under /tmp
 * (os.tmpdir()), and with /tmp writable every "outside" path of a test would be writable too.
 */
export function settings(over: Partial<WorkspaceWriteSettings> = {}): WorkspaceWriteSettings {
  return { writableRoots: [], networkAccess: false, excludeTmpdirEnvVar: false, excludeSlashTmp: true, ...over };
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawn `argv` (asynchronously), wait for it to exit, collect its output. */
export function run(argv: readonly string[], opts: { cwd: string; env?: Record<string, string> }): Promise<Ran> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error("empty argv");
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env ?? { PATH: process.env["PATH"] ?? "/usr/bin:/bin" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
