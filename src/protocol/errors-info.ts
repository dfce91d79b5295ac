// Stable, machine-readable codes for why a turn failed (JSONL `turn.failed.error.code`).

import { z } from "./zod.js";

export const TurnErrorCode = z.enum([
  "auth",
  "rate_limit",
  "usage_limit",
  "server",
  "network",
  "timeout",
  "context_length",
  "bad_request",
  "stream",
  "interrupted",
  "schema",
  "budget",
  "idle",
  "internal",
]);
export type TurnErrorCode = z.infer<typeof TurnErrorCode>;

export const TurnError = z.object({ message: z.string(), code: TurnErrorCode });
export type TurnError = z.infer<typeof TurnError>;
