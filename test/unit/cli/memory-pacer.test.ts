// MemoryPacer: one collection per `everyBytes` of garbage, the collector made only once it gets that far; the two collectors it uses.

import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import { fullGc, MemoryPacer, youngGenerationGc } from "../../../src/cli/memory-pacer.js";

describe("MemoryPacer", () => {
  it("collects after every `everyBytes` of output, however it is chunked", () => {
    let made = 0;
    let collected = 0;
    const pacer = new MemoryPacer(100, () => {
      made += 1;
      return () => {
        collected += 1;
      };
    });
    pacer.note(60);
    expect(made).toBe(0);
    pacer.note(40);
    expect(collected).toBe(1);
    for (let i = 0; i < 25; i++) pacer.note(10);
    expect(collected).toBe(3);
    expect(made).toBe(1);
  });

  it("a run with little output never makes the collector", () => {
    let made = 0;
    const pacer = new MemoryPacer(1 << 20, () => {
      made += 1;
      return () => undefined;
    });
    pacer.note(1000);
    expect(made).toBe(0);
  });

  it("V8's young-generation collection is available on this Node", () => {
    const collect = youngGenerationGc();
    expect(() => collect()).not.toThrow();
  });

  it("fullGc collects what only the old generation holds, and leaves V8's runtime calls switched off", async () => {
    const minor = youngGenerationGc();
    const collect = fullGc();
    // A WeakRef (and each deref) holds its target until the current job ends.
    const nextJob = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    let target: { cells: number[] } | null = { cells: new Array<number>(1000).fill(1) };
    const ref = new WeakRef(target);
    // Two young-generation collections survived: the object now lives in the old generation.
    minor();
    minor();
    target = null;
    await nextJob();
    minor();
    expect(ref.deref()).toBeDefined();
    await nextJob();
    collect();
    expect(ref.deref()).toBeUndefined();
    expect(() => new Function("%CollectGarbage(null)")).toThrow(SyntaxError);
  });

  it("fullGc leaves V8's runtime calls on when node was started with them", () => {
    setFlagsFromString("--allow-natives-syntax");
    try {
      fullGc()();
      expect(() => new Function("%CollectGarbage(null)")).not.toThrow();
    } finally {
      setFlagsFromString("--no-allow-natives-syntax");
    }
  });
});
