// Code review: what to review (the Review op) and the reviewer's structured answer.

import { z } from "./zod.js";

/** What the review looks at, as the user chose it. */
export type ReviewTarget =
  | { type: "uncommittedChanges" }
  | { type: "baseBranch"; branch: string; mergeBase: string | null }
  | { type: "commit"; sha: string; title: string | null }
  | { type: "custom"; instructions: string };

/** A review to run: the target, the prompt given to the reviewer, and the hint shown to the user. */
export interface ReviewRequest {
  target: ReviewTarget;
  prompt: string;
  userFacingHint: string;
}

export const ReviewFinding = z.object({
  title: z.string(),
  body: z.string(),
  confidence_score: z.number(),
  priority: z.number().check(z.int(), z.gte(0), z.lte(3)),
  code_location: z.object({
    absolute_file_path: z.string(),
    line_range: z.object({ start: z.number().check(z.int()), end: z.number().check(z.int()) }),
  }),
});
export type ReviewFinding = z.infer<typeof ReviewFinding>;

/** The reviewer's answer (codex's ReviewOutputEvent shape). */
export const ReviewOutput = z.object({
  findings: z.array(ReviewFinding),
  overall_correctness: z.string(),
  overall_explanation: z.string(),
  overall_confidence_score: z.number(),
});
export type ReviewOutput = z.infer<typeof ReviewOutput>;

/** The strict JSON Schema the reviewer's final answer is requested with (`text.format`). */
export const REVIEW_OUTPUT_JSON_SCHEMA: Record<string, unknown> = (() => {
  const { $schema: _drop, ...schema } = z.toJSONSchema(ReviewOutput) as Record<string, unknown>;
  return schema;
})();
