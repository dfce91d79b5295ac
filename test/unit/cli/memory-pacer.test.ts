// MemoryPacer: one collection per `everyBytes` of output, the collector made only once output gets that far.

import { describe, expect, it } from "vitest";
import { MemoryPacer, youngGenerationGc } from "../../../src/cli/memory-pacer.js";

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
});
