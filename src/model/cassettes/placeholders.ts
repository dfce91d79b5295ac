// Run-specific values (workspace path, thread id, temp and home dirs) ↔ stable tokens in recorded traffic.

/** A value of this run and the token that stands for it in a cassette, e.g. `/tmp/x/repo` ↔ `{{cwd}}`. */
export interface Placeholder {
  token: string;
  value: string;
}

/** Values this short (`/`, `/tm`) would match inside unrelated text. */
const MIN_VALUE_LENGTH = 4;

/**
 * The usable placeholders, longest value first, so a path inside another (the workspace inside the temp
 * dir) becomes the more specific token. The first entry given for a token is the value it resolves to.
 */
export function orderPlaceholders(list: readonly Placeholder[]): Placeholder[] {
  const seen = new Set<string>();
  const usable = list.filter((p) => {
    if (p.value.length < MIN_VALUE_LENGTH || seen.has(p.value)) return false;
    seen.add(p.value);
    return true;
  });
  return usable.sort((a, b) => b.value.length - a.value.length);
}

/**
 * Every string inside `value` (object values and array items, not keys) passed through `f`. Only
 * strings change, so the result has the shape of the input (plain JSON data, as cassettes hold).
 */
export function mapStrings<T>(value: T, f: (s: string) => string): T {
  return mapJson(value, f) as T;
}

function mapJson(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === "string") return f(value);
  if (Array.isArray(value)) return value.map((v) => mapJson(v, f));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapJson(v, f)]));
  }
  return value;
}

/** `value` with each placeholder's value replaced by its token where it stands alone (not inside a longer name). */
export function insertTokens<T>(value: T, placeholders: readonly Placeholder[]): T {
  const rules = orderPlaceholders(placeholders).map((p) => ({
    // Not preceded or followed by a path or word character: `/tmp` must not match inside `/var/tmp` or `/tmpx`.
    re: new RegExp(`(?<![\\w.~/-])${escapeRegExp(p.value)}(?![\\w-])`, "g"),
    token: p.token,
  }));
  return mapStrings(value, (s) => rules.reduce((acc, r) => acc.replace(r.re, r.token), s));
}

/** The reverse of `insertTokens` for this run: each token replaced by this run's value. */
export function resolveTokens<T>(value: T, placeholders: readonly Placeholder[]): T {
  const byToken = new Map<string, string>();
  for (const p of placeholders) if (!byToken.has(p.token)) byToken.set(p.token, p.value);
  if (byToken.size === 0) return value;
  const re = new RegExp([...byToken.keys()].map(escapeRegExp).join("|"), "g");
  return mapStrings(value, (s) => s.replace(re, (token) => byToken.get(token) ?? token));
}

/** Every occurrence of a secret replaced by `<redacted>`; secrets shorter than 8 characters are ignored. */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const usable = [...new Set(secrets.filter((s) => s.length >= 8))].sort((a, b) => b.length - a.length);
  if (usable.length === 0) return value;
  return mapStrings(value, (s) => usable.reduce((acc, secret) => acc.split(secret).join("<redacted>"), s));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
