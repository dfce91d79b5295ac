// Temporary workspaces for the example cassettes: a git repository plus a private CODEX_HOME, made the same way
// every time, so a replay sends exactly the requests that were recorded.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The config.toml every example was recorded with. The temp directories are left out of the writable
 * roots; a replay would match without that too, since requests are compared without /tmp and $TMPDIR.
 */
export const EXAMPLE_CONFIG = `# Written by examples/replays/workspace-kit.mjs: the settings the example cassettes were recorded with.
model = "gpt-5.5"

[sandbox_workspace_write]
exclude_slash_tmp = true
exclude_tmpdir_env_var = true
`;

/**
 * Make \`<tmp>/repo\` (a git repository with \`committed\` as its first commit, then \`uncommitted\` written on
 * top) and \`<tmp>/home\` (CODEX_HOME and HOME for the run). Returns the paths and a cleanup function.
 */
export function makeWorkspace({ committed = {}, uncommitted = {} } = {}) {
  const root = mkdtempSync(path.join(os.tmpdir(), "codex-exec-example-"));
  const repo = path.join(root, "repo");
  const codexHome = path.join(root, "home");
  mkdirSync(repo);
  mkdirSync(codexHome);
  writeFileSync(path.join(codexHome, "config.toml"), EXAMPLE_CONFIG);
  const git = (...args) =>
    execFileSync("git", ["-c", "user.name=Example", "-c", "user.email=example@example.invalid", "-c", "init.defaultBranch=main", ...args], {
      cwd: repo,
      stdio: "ignore",
      env: { ...process.env, HOME: codexHome, GIT_CONFIG_NOSYSTEM: "1" },
    });
  git("init", "-q");
  writeFiles(repo, committed);
  git("add", ".");
  git("commit", "-qm", "Initial commit");
  writeFiles(repo, uncommitted);
  return { root, repo, codexHome, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The environment a run in the workspace gets: HOME and CODEX_HOME point into it, so nothing of yours leaks in. */
export function workspaceEnv(ws, base = process.env) {
  return { ...base, HOME: ws.codexHome, CODEX_HOME: ws.codexHome };
}

function writeFiles(root, files) {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

const BIN = fileURLToPath(new URL("../../bin/codex-exec.js", import.meta.url));

/** For `node <example>/workspace.mjs`: make the workspace and print how to run the example in it. */
export function printWorkspace(ws, exampleDir, args) {
  const quoted = args.map((a) => (/^[\w./=-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");
  const env = `HOME=${ws.codexHome} CODEX_HOME=${ws.codexHome}`;
  process.stdout.write(
    `${ws.repo}\n\n` +
      `Replay the recording there (no key, no network):\n` +
      `  cd ${ws.repo} && ${env} node ${BIN} --replay ${exampleDir} ${quoted}\n\n` +
      `Or run the same prompt against the real model:\n` +
      `  cd ${ws.repo} && ${env} OPENAI_API_KEY=sk-... node ${BIN} ${quoted}\n\n` +
      `Remove it afterwards: rm -rf ${ws.root}\n`,
  );
}
