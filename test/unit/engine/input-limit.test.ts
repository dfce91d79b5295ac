// codex's input cap: characters, not UTF-16 units, and one line naming limit and size.

import { describe, expect, it } from "vitest";
import { checkInputSize, MAX_INPUT_CHARS } from "../../../src/engine/input-limit.js";
import { StartupError } from "../../../src/errors.js";

describe("checkInputSize", () => {
  it("the limit itself passes; one more character fails with input_too_large", () => {
    expect(() => checkInputSize("a".repeat(MAX_INPUT_CHARS))).not.toThrow();
    let err: unknown;
    try {
      checkInputSize("a".repeat(MAX_INPUT_CHARS + 1));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StartupError);
    expect((err as StartupError).code).toBe("input_too_large");
    expect((err as StartupError).message).toBe(
      "Error: the input is 1048577 characters, over the limit of 1048576; pass large content as a file the agent can read instead",
    );
  });

  it("a character outside the BMP counts once, as codex counts chars", () => {
    // 600k emoji are 1.2M UTF-16 units but 600k characters.
    expect(() => checkInputSize("😀".repeat(600_000))).not.toThrow();
    expect(() => checkInputSize("😀".repeat(MAX_INPUT_CHARS + 1))).toThrow(/1048577 characters/);
  });
});
