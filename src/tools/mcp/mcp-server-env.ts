// The environment a stdio MCP server starts with: a minimal one (as codex gives), plus what its config asks for.

/** The variables a stdio server inherits when present; anything else must be listed in `env_vars`. */
const INHERITED = ["HOME", "LOGNAME", "PATH", "SHELL", "USER", "__CF_USER_TEXT_ENCODING", "LANG", "LC_ALL", "TERM", "TMPDIR", "TZ"];

/**
 * codex-exec's own environment reduced to the basics a program needs, then `env_vars` forwarded
 * from it, then `env` set on top. Secrets in our environment (cloud credentials, tokens, our API
 * keys) reach a server only when its config names them.
 */
export function mcpServerEnv(
  parent: Readonly<Record<string, string | undefined>>,
  server: { envVars: readonly string[]; env: Readonly<Record<string, string>> },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of [...INHERITED, ...server.envVars]) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...server.env };
}
