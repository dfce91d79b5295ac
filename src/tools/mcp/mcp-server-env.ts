// The environment a stdio MCP server starts with: the shell environment policy result plus its own variables.

/**
 * `base` is the environment commands get (shell environment policy applied, our API keys removed);
 * `env_vars` are then forwarded from codex-exec's own environment and `env` is set on top.
 */
export function mcpServerEnv(
  base: Readonly<Record<string, string>>,
  parent: Readonly<Record<string, string | undefined>>,
  server: { envVars: readonly string[]; env: Readonly<Record<string, string>> },
): Record<string, string> {
  const env: Record<string, string> = { ...base };
  for (const name of server.envVars) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...server.env };
}
