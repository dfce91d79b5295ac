// Sorts the config keys our schema does not read into codex's (ignored quietly) and nobody's (warned about).

import { ANY, CODEX_CONFIG_KEYS, LENIENT, WILDCARD, type KeyNode } from "./codex-config-keys.js";

export interface ForeignKeys {
  /** Dotted paths codex does not know either: typos, or keys of other tools. Warned about; fatal when strict. */
  unknown: string[];
  /** Dotted paths inside tables where codex adds fields often (providers, MCP servers, profiles): debug-logged. */
  lenient: string[];
}

/** Check the key at `path` (holding `value`) and, where codex's tree goes deeper, every key below it. */
export function collectForeignKeys(path: readonly string[], value: unknown, into: ForeignKeys): void {
  let node: KeyNode = CODEX_CONFIG_KEYS;
  let lenient = false;
  for (const part of path) {
    if (node === ANY) return;
    lenient ||= node[LENIENT] === ANY;
    const next: KeyNode | undefined = own(node, part) ?? own(node, WILDCARD);
    if (next === undefined) {
      (lenient ? into.lenient : into.unknown).push(path.join("."));
      return;
    }
    node = next;
  }
  if (node === ANY || !isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) collectForeignKeys([...path, key], child, into);
}

function own(node: { readonly [name: string]: KeyNode }, key: string): KeyNode | undefined {
  return Object.hasOwn(node, key) && key !== LENIENT ? node[key] : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
