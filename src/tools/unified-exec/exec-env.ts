// Command line and environment of a unified-exec child (spec core §4.5): shell choice and forced variables.


/** Variables every unified-exec child gets, whatever the inherited environment says. */
export const UNIFIED_EXEC_ENV: Readonly<Record<string, string>> = {
  NO_COLOR: "1",
  TERM: "dumb",
  LANG: "C.UTF-8",
  LC_CTYPE: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  COLORTERM: "",
  PAGER: "cat",
  GIT_PAGER: "cat",
  GH_PAGER: "cat",
  CODEX_CI: "1",
};

const KNOWN_SHELLS = new Set(["bash", "zsh", "sh"]);
const FALLBACK_SHELL = "/bin/bash";

/** The inherited environment plus the forced variables, the thread id and the sandbox network flag. */
export function buildExecEnv(
  base: Readonly<Record<string, string | undefined>>,
  threadId: string,
  networkAccess: boolean,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  Object.assign(env, UNIFIED_EXEC_ENV);
  env["CODEX_THREAD_ID"] = threadId;
  if (!networkAccess) env["CODEX_SANDBOX_NETWORK_DISABLED"] = "1";
  return env;
}

/** `$SHELL` when it is bash, zsh or sh; otherwise /bin/bash. */
export function defaultShell(env: Readonly<Record<string, string | undefined>>): string {
  const shell = env["SHELL"];
  if (shell === undefined || shell === "") return FALLBACK_SHELL;
  return KNOWN_SHELLS.has(shell.slice(shell.lastIndexOf("/") + 1)) ? shell : FALLBACK_SHELL;
}

/** `[shell, -lc|-c, script]`: a login shell unless `login` is false. */
export function shellArgv(shell: string, login: boolean, script: string): string[] {
  return [shell, login ? "-lc" : "-c", script];
}
