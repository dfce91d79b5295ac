// `codex-exec schema`: JSON Schemas (draft 2020-12) of every JSONL event and of the summary record.

import { z } from "../protocol/zod.js";
import { RunSummary, SCHEMA_VERSION, ThreadEvent } from "../protocol/index.js";

/** The output contract, generated from the zod definitions the code itself uses. */
export function eventSchemas(): Record<string, unknown> {
  return {
    schema_version: SCHEMA_VERSION,
    thread_event: z.toJSONSchema(ThreadEvent),
    run_summary: z.toJSONSchema(RunSummary),
  };
}
