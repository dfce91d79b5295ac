// Finds the Landlock + seccomp sandbox helper (native/sandbox-helper.c) that the install script builds.

import { accessSync, constants, existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where node-gyp puts the helper, relative to the package root (binding.gyp, scripts/build-sandbox-helper.mjs). */
const BUILT_HELPER = path.join("build", "Release", "codex-sandbox-helper");
export const SANDBOX_HELPER_ENV = "CODEX_EXEC_SANDBOX_HELPER";

/**
 * The absolute path of the sandbox helper, or null when there is none.
 *
 * `CODEX_EXEC_SANDBOX_HELPER`, when set, decides alone: an absolute path is returned as given (running it,
 * e.g. `--probe`, reports a wrong one better than "not built" would), a relative one gives null. Otherwise
 * the helper built into the package, when it is an executable file.
 */
export function findSandboxHelper(env: Readonly<Record<string, string | undefined>>): string | null {
  const override = env[SANDBOX_HELPER_ENV];
  if (override !== undefined && override !== "") return path.isAbsolute(override) ? override : null;
  const root = packageRoot();
  if (root === null) return null;
  const helper = path.join(root, BUILT_HELPER);
  return isExecutableFile(helper) ? helper : null;
}

/**
 * The nearest directory holding a package.json, from this module up: the repository root when running
 * from src/sandbox/ (vitest, tsx) and the package root when running from the bundle in dist/.
 */
function packageRoot(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
