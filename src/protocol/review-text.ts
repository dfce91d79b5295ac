// Turns the reviewer's answer into the text users read (codex's layout), and reads that answer.

import { ReviewOutput, type ReviewFinding } from "./review.js";

export const NO_REVIEW_TEXT = "Reviewer failed to output a response.";

/** Parse the reviewer's text: whole JSON, else the outermost `{…}`, else null. */
export function parseReviewOutput(text: string): ReviewOutput | null {
  const attempt = (candidate: string): ReviewOutput | null => {
    try {
      const parsed = ReviewOutput.safeParse(JSON.parse(candidate));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
  const whole = attempt(text);
  if (whole) return whole;
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  return start >= 0 && end > start ? attempt(text.slice(start, end + 1)) : null;
}

/** Explanation, then `Review comment:` / `Full review comments:` with one bullet per finding. */
export function renderReview(review: ReviewOutput): string {
  const parts: string[] = [];
  const explanation = review.overall_explanation.trim();
  if (explanation !== "") parts.push(explanation);
  if (review.findings.length > 0) {
    const heading = review.findings.length === 1 ? "Review comment:" : "Full review comments:";
    parts.push(`${heading}\n\n${review.findings.map(renderFinding).join("\n\n")}`);
  }
  return parts.length > 0 ? parts.join("\n\n") : NO_REVIEW_TEXT;
}

function renderFinding(f: ReviewFinding): string {
  const title = /^\[P\d\]/.test(f.title) ? f.title : `[P${f.priority}] ${f.title}`;
  const loc = `${f.code_location.absolute_file_path}:${f.code_location.line_range.start}-${f.code_location.line_range.end}`;
  const body = f.body
    .trim()
    .split("\n")
    .map((l) => (l === "" ? "" : `  ${l}`))
    .join("\n");
  return body === "" ? `- ${title} — ${loc}` : `- ${title} — ${loc}\n${body}`;
}
