// Turns the API's config object into `-c key=value` overrides (dotted keys, TOML values).

import type { CodexConfigObject, CodexConfigValue } from "./options.js";

/** `{a: {b: 1}, c: ["x"]}` → `["a.b=1", 'c=["x"]']`. */
export function configToOverrides(config: CodexConfigObject, prefix = ""): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const path = prefix === "" ? quoteKey(key) : `${prefix}.${quoteKey(key)}`;
    if (isObject(value)) out.push(...configToOverrides(value, path));
    else out.push(`${path}=${tomlValue(value)}`);
  }
  return out;
}

function isObject(v: CodexConfigValue): v is CodexConfigObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function quoteKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

function tomlValue(v: CodexConfigValue): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(", ")}]`;
  return `{ ${Object.entries(v)
    .map(([k, x]) => `${quoteKey(k)} = ${tomlValue(x)}`)
    .join(", ")} }`;
}
