// The built-in price table: the default model is priced out of the box; config prices win; unknown models have none.

import { describe, expect, it } from "vitest";
import { priceFor } from "../../../src/config/model-prices.js";
import { DEFAULT_MODEL } from "../../../src/config/resolve-config.js";
import { modelInfoFor } from "../../../src/model/model-info.js";

describe("priceFor", () => {
  it("the default model has a price, so --max-cost-usd works without configuration", () => {
    expect(DEFAULT_MODEL).toBe("gpt-5.5");
    expect(priceFor(DEFAULT_MODEL, {})).toEqual({ input: 5, cached_input: 0.5, output: 30 });
  });

  it.each(["gpt-5.5", "gpt-5.4", "gpt-5.4-mini", "gpt-5.3-codex", "gpt-5.2", "gpt-5", "o3", "o4-mini", "gpt-4.1", "gpt-4o"])(
    "%s (a catalog model) is priced",
    (model) => {
      expect(modelInfoFor(model)).toBeDefined();
      expect(priceFor(model, {})).not.toBeNull();
    },
  );

  it("a dated snapshot takes its family's price; [model_prices] overrides and extends the table", () => {
    expect(priceFor("gpt-5.4-2026-03-05", {})).toEqual(priceFor("gpt-5.4", {}));
    const mine = { input: 1, cached_input: 0.1, output: 2 };
    expect(priceFor("gpt-5.5", { "gpt-5.5": mine })).toBe(mine);
    expect(priceFor("my-local-model", { "my-local-model": mine })).toBe(mine);
  });

  it("a model nobody priced has no price", () => {
    expect(priceFor("unpriced-model", {})).toBeNull();
    expect(priceFor("qwen3-coder:30b", {})).toBeNull();
  });
});
