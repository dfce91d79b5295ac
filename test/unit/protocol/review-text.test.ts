// The review text layout and the tolerant parsing of the reviewer's answer.

import { describe, expect, it } from "vitest";
import { NO_REVIEW_TEXT, parseReviewOutput, renderReview } from "../../../src/protocol/review-text.js";
import type { ReviewOutput } from "../../../src/protocol/index.js";

const finding = (title: string, priority: number, body = "It breaks.") => ({
  title,
  body,
  confidence_score: 0.5,
  priority,
  code_location: { absolute_file_path: "/p/a.ts", line_range: { start: 3, end: 4 } },
});
const review = (findings: ReviewOutput["findings"], explanation = "Looks risky."): ReviewOutput => ({
  findings,
  overall_correctness: "patch is incorrect",
  overall_explanation: explanation,
  overall_confidence_score: 0.7,
});

describe("renderReview", () => {
  it("one finding: `Review comment:`; the priority tag is added once", () => {
    expect(renderReview(review([finding("Null deref", 0, "Line one.\nLine two.")]))).toBe(
      "Looks risky.\n\nReview comment:\n\n- [P0] Null deref — /p/a.ts:3-4\n  Line one.\n  Line two.",
    );
    expect(renderReview(review([finding("[P2] Already tagged", 2)]))).toContain("- [P2] Already tagged — /p/a.ts:3-4");
  });

  it("several findings: `Full review comments:` with a blank line between bullets", () => {
    expect(renderReview(review([finding("A", 1), finding("B", 3)]))).toBe(
      "Looks risky.\n\nFull review comments:\n\n- [P1] A — /p/a.ts:3-4\n  It breaks.\n\n- [P3] B — /p/a.ts:3-4\n  It breaks.",
    );
  });

  it("nothing to show: the fixed fallback text", () => {
    expect(renderReview(review([], "  "))).toBe(NO_REVIEW_TEXT);
  });
});

describe("parseReviewOutput", () => {
  const json = JSON.stringify(review([finding("A", 1)]));
  it("reads whole JSON, or the outermost {…} inside prose", () => {
    expect(parseReviewOutput(json)?.findings).toHaveLength(1);
    expect(parseReviewOutput(`Here you go:\n${json}\nThanks`)?.overall_explanation).toBe("Looks risky.");
  });
  it("returns null for text or JSON of another shape", () => {
    expect(parseReviewOutput("no json here")).toBeNull();
    expect(parseReviewOutput('{"findings": "nope"}')).toBeNull();
  });
});
