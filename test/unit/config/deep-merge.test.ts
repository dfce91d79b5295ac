// Layer merging: tables merge key by key; scalars and arrays are replaced; inputs are untouched.

import { describe, expect, it } from "vitest";
import { deepMerge } from "../../../src/config/deep-merge.js";

describe("deepMerge", () => {
  it.each([
    { name: "no layers", layers: [], want: {} },
    { name: "one layer is copied", layers: [{ a: 1 }], want: { a: 1 } },
    { name: "later scalar wins", layers: [{ a: 1 }, { a: 2 }], want: { a: 2 } },
    { name: "disjoint keys union", layers: [{ a: 1 }, { b: 2 }], want: { a: 1, b: 2 } },
    { name: "nested tables merge", layers: [{ t: { a: 1, b: 1 } }, { t: { b: 2, c: 3 } }], want: { t: { a: 1, b: 2, c: 3 } } },
    { name: "deeply nested", layers: [{ x: { y: { z: 1, k: 1 } } }, { x: { y: { z: 2 } } }], want: { x: { y: { z: 2, k: 1 } } } },
    { name: "arrays are replaced, not concatenated", layers: [{ a: [1, 2] }, { a: [3] }], want: { a: [3] } },
    { name: "table replaces a scalar", layers: [{ a: 1 }, { a: { b: 1 } }], want: { a: { b: 1 } } },
    { name: "scalar replaces a table", layers: [{ a: { b: 1 } }, { a: "s" }], want: { a: "s" } },
    { name: "undefined does not erase", layers: [{ a: 1 }, { a: undefined }], want: { a: 1 } },
    { name: "null does replace", layers: [{ a: 1 }, { a: null }], want: { a: null } },
    { name: "three layers in order", layers: [{ m: "file" }, { m: "profile" }, { m: "-c" }], want: { m: "-c" } },
  ])("$name", ({ layers, want }) => {
    expect(deepMerge(...(layers as Array<Record<string, unknown>>))).toEqual(want);
  });

  it("does not mutate its inputs; merged tables are fresh objects", () => {
    const low = { t: { a: 1 } };
    const high = { t: { b: 2 } };
    const out = deepMerge(low, high);
    expect(low).toEqual({ t: { a: 1 } });
    expect(high).toEqual({ t: { b: 2 } });
    (out["t"] as Record<string, unknown>)["a"] = 99;
    expect(low.t.a).toBe(1);
  });
});
