// The one summary record written on every exit path (`--summary-file`, `run.completed` with `--json-summary`).

import { z } from "zod";
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
  exit_code: z.number().int(),
  error: z
    .object({ code: z.union([TurnErrorCode, z.string()]), message: z.string() })
    .nullable(),
  thread_id: z.string().nullable(),
  final_message: z.string().nullable(),
  usage: TokenUsage,
  cost_usd: z.number().nullable(),
  duration_ms: z.number().int(),
  model_requests: z.number().int(),
  commands: z.object({ run: z.number().int(), failed: z.number().int() }),
  files_changed: z.array(z.string()),
  review: ReviewOutput.nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;
