// The cheap check that decides whether a run loads proxy support at all: does the environment name a proxy?

type Env = Readonly<Record<string, string | undefined>>;

/** The variables that name a proxy, each honoured in lower and upper case (lower case wins, as curl). */
export const PROXY_VARIABLES = ["https_proxy", "http_proxy", "all_proxy"] as const;

/** Whether any proxy variable is set (non-empty). NO_PROXY alone routes nothing, so it does not count. */
export function proxyConfigured(env: Env): boolean {
  return proxyValues(env).length > 0;
}

/** The non-empty values of the proxy variables, in both cases. */
export function proxyValues(env: Env): string[] {
  return PROXY_VARIABLES.flatMap((name) => [env[name], env[name.toUpperCase()]]).filter((v): v is string => v !== undefined && v !== "");
}
