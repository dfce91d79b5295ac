// The environment commands run with: `[shell_environment_policy]` plus removal of our own API keys.

export interface ShellEnvironmentPolicy {
  inherit: "all" | "core" | "none";
  /** When false, names matching *KEY*, *SECRET*, *TOKEN* are dropped. Default true (kept). */
  ignoreDefaultExcludes: boolean;
  exclude: readonly string[];
  set: Readonly<Record<string, string>>;
  includeOnly: readonly string[];
}

export const DEFAULT_SHELL_ENVIRONMENT_POLICY: ShellEnvironmentPolicy = {
  inherit: "all",
  ignoreDefaultExcludes: true,
  exclude: [],
  set: {},
  includeOnly: [],
};

const CORE = ["PATH", "SHELL", "TMPDIR", "TEMP", "TMP", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "LOGNAME", "USER"];
const DEFAULT_EXCLUDES = ["*KEY*", "*SECRET*", "*TOKEN*"];
/**
 * Inherited variables that force colour on whatever NO_COLOR says (a CI job's FORCE_COLOR=1 would put
 * ANSI escapes into what the model reads). Our choice: codex passes them through. `set` may still name them.
 */
export const FORCED_COLOR_VARIABLES = ["FORCE_COLOR", "CLICOLOR_FORCE"];

/**
 * Apply the policy (spec core §4.5: inherit, default excludes, exclude, set, include_only). The
 * variables in `secrets` (the API keys codex-exec itself uses) and the colour-forcing ones are removed
 * unless `set` names them.
 */
export function shellEnvironment(
  parent: Readonly<Record<string, string | undefined>>,
  policy: ShellEnvironmentPolicy,
  secrets: readonly string[],
): Record<string, string> {
  let env: Record<string, string> = {};
  for (const [k, v] of Object.entries(parent)) {
    if (v === undefined) continue;
    if (policy.inherit === "none") continue;
    if (policy.inherit === "core" && !CORE.includes(k)) continue;
    env[k] = v;
  }
  const drop = (patterns: readonly string[]): void => {
    const res = patterns.map(wildcard);
    for (const k of Object.keys(env)) if (res.some((re) => re.test(k))) delete env[k];
  };
  if (!policy.ignoreDefaultExcludes) drop(DEFAULT_EXCLUDES);
  drop(policy.exclude);
  for (const name of [...secrets, ...FORCED_COLOR_VARIABLES]) delete env[name];
  env = { ...env, ...policy.set };
  if (policy.includeOnly.length > 0) {
    const keep = policy.includeOnly.map(wildcard);
    env = Object.fromEntries(Object.entries(env).filter(([k]) => keep.some((re) => re.test(k))));
  }
  return env;
}

/** Case-insensitive glob (`*`, `?`) to a whole-name RegExp. */
function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}
