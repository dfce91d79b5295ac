// Flat tool names `mcp__<server>__<tool>` as codex ≤0.121 offered them: sanitised, at most 64 characters, unique.

import { createHash } from "node:crypto";

/** The Responses API's limit on function names. */
export const MAX_TOOL_NAME_LENGTH = 64;

/** A tool of a server, by raw names. */
export interface ServerTool {
  server: string;
  tool: string;
}

/**
 * One flat name per tool, in input order: every character outside `[A-Za-z0-9_-]` becomes `_`; a name
 * over 64 characters is cut and ends in the 40-hex sha1 of the raw name; a name already taken (two
 * raw names that sanitise alike) gets `_<12 hex of sha1>`. A repeated raw name (a server listing the
 * same tool twice) gets null: only its first listing is offered.
 */
export function flatToolNames(tools: readonly ServerTool[]): Array<string | null> {
  const used = new Set<string>();
  const rawSeen = new Set<string>();
  return tools.map(({ server, tool }) => {
    const raw = `mcp__${server}__${tool}`;
    if (rawSeen.has(raw)) return null;
    rawSeen.add(raw);
    const hash = sha1(raw);
    let name = raw.replace(/[^A-Za-z0-9_-]/g, "_");
    if (name.length > MAX_TOOL_NAME_LENGTH) name = name.slice(0, MAX_TOOL_NAME_LENGTH - hash.length) + hash;
    if (used.has(name)) {
      const suffix = `_${hash.slice(0, 12)}`;
      name = name.slice(0, MAX_TOOL_NAME_LENGTH - suffix.length) + suffix;
    }
    used.add(name);
    return name;
  });
}

/**
 * The names a namespace-form call may resolve to (`namespace: "mcp__<server>__"`, `name: "<tool>"`
 * joined as `mcp__<server>__<tool>`): the raw names, and codex 0.125's namespace sanitising (`[A-Za-z0-9_]`).
 */
export function namespaceAliases({ server, tool }: ServerTool): string[] {
  const strict = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, "_");
  return [...new Set([`mcp__${server}__${tool}`, `mcp__${strict(server)}__${strict(tool)}`])];
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}
