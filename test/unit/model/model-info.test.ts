// modelInfoFor: the longest catalog prefix wins; the models whose codex defaults differ from their family's.

import { describe, expect, it } from "vitest";
import { modelInfoFor } from "../../../src/model/model-info.js";

describe("modelInfoFor", () => {
  it("gpt-5 family defaults: medium effort, no summary, low verbosity, token truncation", () => {
    expect(modelInfoFor("gpt-5.5")).toMatchObject({
      defaultReasoningEffort: "medium",
      defaultReasoningSummary: "none",
      defaultVerbosity: "low",
      truncation: { mode: "tokens", limit: 10_000 },
    });
  });

  it("gpt-5.4 reasons at xhigh; gpt-5.4-mini (a longer prefix) talks at medium verbosity instead", () => {
    expect(modelInfoFor("gpt-5.4").defaultReasoningEffort).toBe("xhigh");
    expect(modelInfoFor("gpt-5.4-2026-03-01").defaultReasoningEffort).toBe("xhigh");
    expect(modelInfoFor("gpt-5.4-mini")).toMatchObject({ defaultReasoningEffort: "medium", defaultVerbosity: "medium" });
  });

  it("gpt-5.2 summarises reasoning (auto) and budgets tool output in bytes", () => {
    expect(modelInfoFor("gpt-5.2")).toMatchObject({ defaultReasoningSummary: "auto", truncation: { mode: "bytes", limit: 10_000 } });
  });

  it("an unknown model gets the conservative fallback: no reasoning parameters, no verbosity", () => {
    expect(modelInfoFor("llama3.2")).toMatchObject({ supportsReasoningSummaries: false, supportsVerbosity: false, defaultReasoningEffort: null });
  });
});
