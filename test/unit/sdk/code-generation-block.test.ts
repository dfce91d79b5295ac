// The example block maps the generator's result to its outputs (a pure function, fed a fake generator).

import { describe, expect, it } from "vitest";

describe("examples/code-generation-block.ts", () => {
  it("maps the generator's result to the block's outputs (fake injected through the public signature)", async () => {
    const { codeGenerationBlock, fakeGenerate } = await import("../../../examples/code-generation-block.js");
    expect(await codeGenerationBlock({ prompt: "sum two numbers" }, fakeGenerate)).toEqual({
      text: "// sum two numbers",
      reasoningSummary: "",
      responseId: "resp_fake",
      inputTokens: 1,
      outputTokens: 1,
      llmCalls: 1,
    });
  });
});
