// The one summary record written on every exit path (`--summary-file`, `run.completed` with `--json-summary`).

import { z } from "./zod.js";
import { TurnErrorCode } from "./errors-info.js";
import { ReviewOutput } from "./review.js";
import { TokenUsage } from "./usage.js";

/** Bumped on incompatible changes; additive changes keep it (see README: compatibility policy). */
export const SCHEMA_VERSION = "1.0";

export const RunStatus = z.enum(["completed", "failed", "interrupted", "timeout", "budget", "startup_error", "usage_error"]);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunSummary = z.object({
  schema_version: z.string(),
  status: RunStatus,
  exit_code: z.number().check(z.int()),
  error: z.nullable(z.object({ code: z.union([TurnErrorCode, z.string()]), message: z.string() })),
  thread_id: z.nullable(z.string()),
  final_message: z.nullable(z.string()),
  usage: TokenUsage,
  cost_usd: z.nullable(z.number()),
  duration_ms: z.number().check(z.int()),
  model_requests: z.number().check(z.int()),
  commands: z.object({ run: z.number().check(z.int()), failed: z.number().check(z.int()) }),
  files_changed: z.array(z.string()),
  review: z.nullable(ReviewOutput),
  /** Additive (1.x): the sandbox mode and what enforced it; null before the session started. */
  sandbox: z.optional(z.nullable(z.object({ mode: z.string(), backend: z.string() }))),
});
export type RunSummary = z.infer<typeof RunSummary>;
