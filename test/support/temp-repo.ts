// Temporary directories for e2e runs: a git work tree and a private CODEX_HOME.

import { execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface Workspace {
  /** A git repository (or a plain directory with `git: false`). */
  repo: string;
  codexHome: string;
  root: string;
  cleanup(): Promise<void>;
}

/** Make `root/repo` (git-initialised unless `git: false`) and `root/home`, with optional files. */
export async function makeWorkspace(
  opts: { git?: boolean; files?: Record<string, string>; config?: string } = {},
): Promise<Workspace> {
  const root = await mkdtemp(path.join(os.tmpdir(), "codex-exec-test-"));
  const repo = path.join(root, "repo");
  const codexHome = path.join(root, "home");
  await mkdir(repo);
  await mkdir(codexHome);
  if (opts.git !== false) await run("git", ["init", "-q"], { cwd: repo });
  for (const [rel, content] of Object.entries(opts.files ?? {})) {
    await mkdir(path.dirname(path.join(repo, rel)), { recursive: true });
    await writeFile(path.join(repo, rel), content);
  }
  if (opts.config !== undefined) await writeFile(path.join(codexHome, "config.toml"), opts.config);
  return { repo, codexHome, root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** A config.toml pointing at a mock server through a custom provider (no key needed). */
export function mockProviderConfig(baseUrl: string, extra = ""): string {
  return `model = "gpt-5.5"
model_provider = "mock"

[model_providers.mock]
name = "mock"
base_url = "${baseUrl}"
${extra}
`;
}
