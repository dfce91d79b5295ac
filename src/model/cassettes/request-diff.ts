// Whether a live request matches the recorded one, and if not, where: which field or item, in one short line each.

import type { RecordedRequest } from "./cassette.js";

/** The parts of a body that decide what the model sees: the conversation and the tools. */
const COMPARED_FIELDS = ["input", "messages", "tools"] as const;

const SNIPPET = 40;

/**
 * What differs between the recorded request and the live one (both normalised), at most one line per
 * compared part; empty when they match. Instructions, model and sampling settings are not compared.
 */
export function diffRequests(recorded: RecordedRequest, live: RecordedRequest): string[] {
  if (recorded.method !== live.method || recorded.path !== live.path) {
    return [`endpoint: ${live.method} ${live.path}, recorded ${recorded.method} ${recorded.path}`];
  }
  const out: string[] = [];
  for (const field of COMPARED_FIELDS) {
    const a = fieldOf(recorded.body, field);
    const b = fieldOf(live.body, field);
    if (a === undefined && b === undefined) continue;
    const line = field === "tools" ? diffTools(a, b) : diffItems(field, a, b);
    if (line !== null) out.push(line);
  }
  return out;
}

function diffItems(field: string, recorded: unknown, live: unknown): string | null {
  if (!Array.isArray(recorded) || !Array.isArray(live)) {
    return deepEqual(recorded, live) ? null : `${field}: ${describeValue(live)}, recorded ${describeValue(recorded)}`;
  }
  const n = Math.min(recorded.length, live.length);
  for (let i = 0; i < n; i++) {
    const where = firstDifference(recorded[i], live[i], "");
    if (where !== null) return `${field}[${i}] (${describeItem(live[i])})${where}`;
  }
  if (recorded.length === live.length) return null;
  const extra = live.length > recorded.length ? `extra ${describeItem(live[n])}` : `missing ${describeItem(recorded[n])}`;
  return `${field}: ${live.length} items, recorded ${recorded.length} (${extra} at ${field}[${n}])`;
}

function diffTools(recorded: unknown, live: unknown): string | null {
  if (deepEqual(recorded, live)) return null;
  const a = Array.isArray(recorded) ? recorded.map(toolName) : [];
  const b = Array.isArray(live) ? live.map(toolName) : [];
  const missing = a.filter((name) => !b.includes(name));
  const extra = b.filter((name) => !a.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [...(missing.length ? [`missing ${missing.join(", ")}`] : []), ...(extra.length ? [`extra ${extra.join(", ")}`] : [])];
    return `tools: ${parts.join("; ")}`;
  }
  return diffItems("tools", recorded, live);
}

/** `.content[0].text: "…live…" ≠ recorded "…recorded…"`, or null when equal. */
function firstDifference(recorded: unknown, live: unknown, path: string): string | null {
  if (deepEqual(recorded, live)) return null;
  if (Array.isArray(recorded) && Array.isArray(live)) {
    for (let i = 0; i < Math.min(recorded.length, live.length); i++) {
      const inner = firstDifference(recorded[i], live[i], `${path}[${i}]`);
      if (inner !== null) return inner;
    }
    return `${path}: ${live.length} entries, recorded ${recorded.length}`;
  }
  if (isRecord(recorded) && isRecord(live)) {
    for (const key of new Set([...Object.keys(recorded), ...Object.keys(live)])) {
      const inner = firstDifference(recorded[key], live[key], `${path}.${key}`);
      if (inner !== null) return inner;
    }
    return null;
  }
  if (typeof recorded === "string" && typeof live === "string") {
    const [x, y] = snippets(recorded, live);
    return `${path}: ${x} ≠ recorded ${y}`;
  }
  return `${path}: ${describeValue(live)} ≠ recorded ${describeValue(recorded)}`;
}

/** The two strings around their first differing character, quoted and cut to a readable length. */
function snippets(a: string, b: string): [string, string] {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  // From the start of the differing line when it is near, else from a little before the difference.
  const lineStart = a.lastIndexOf("\n", i - 1) + 1;
  const start = i - lineStart <= (SNIPPET * 3) / 4 ? lineStart : i - SNIPPET / 2;
  const cut = (s: string): string => {
    const piece = s.slice(start, start + SNIPPET);
    return `${start > 0 ? "…" : ""}${JSON.stringify(piece)}${start + SNIPPET < s.length ? "…" : ""}`;
  };
  return [cut(b), cut(a)];
}

/** `function_call_output call_1`, `message user`, `function exec_command`. */
function describeItem(item: unknown): string {
  if (!isRecord(item)) return describeValue(item);
  const parts = [item["type"], item["role"], item["name"], item["call_id"]].filter((p): p is string => typeof p === "string");
  return parts.length > 0 ? parts.join(" ") : "item";
}

function toolName(tool: unknown): string {
  if (!isRecord(tool)) return "?";
  const fn = tool["function"];
  const name = tool["name"] ?? (isRecord(fn) ? fn["name"] : undefined) ?? tool["type"];
  return typeof name === "string" ? name : "?";
}

function describeValue(v: unknown): string {
  if (v === undefined) return "absent";
  const text = JSON.stringify(v);
  return text.length > SNIPPET ? `${text.slice(0, SNIPPET)}…` : text;
}

function fieldOf(body: unknown, field: string): unknown {
  return isRecord(body) ? body[field] : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
