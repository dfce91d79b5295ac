// Layered config merging: tables merge key by key, everything else (arrays too) is replaced.

type Table = Record<string, unknown>;

function isTable(v: unknown): v is Table {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Merge layers lowest-precedence first; returns a new object, inputs untouched. */
export function deepMerge(...layers: readonly Table[]): Table {
  const out: Table = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const prev = out[key];
      out[key] = isTable(prev) && isTable(value) ? deepMerge(prev, value) : value;
    }
  }
  return out;
}
