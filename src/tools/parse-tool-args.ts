// Parses a function call's JSON arguments with a zod schema; failures become text for the model.

import type { z } from "../protocol/zod.js";
import type { ToolCall, ToolResult } from "./tool-router.js";
import { castToError } from "../errors.js";

export type ParsedArgs<T> = { ok: true; value: T } | { ok: false; result: ToolResult };

/** JSON.parse + schema validation, with codex's `failed to parse function arguments` wording. */
export function parseToolArgs<S extends z.ZodMiniType>(raw: string, schema: S): ParsedArgs<z.infer<S>> {
  let json: unknown;
  try {
    json = JSON.parse(raw === "" ? "{}" : raw);
  } catch (err) {
    return fail(`failed to parse function arguments: ${castToError(err).message}`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues
    .map((i) => `${i.path.length > 0 ? `${i.path.join(".")}: ` : ""}${i.message}`)
    .join("; ");
  return fail(`failed to parse function arguments: ${issues}`);
}

function fail(output: string): { ok: false; result: ToolResult } {
  return { ok: false, result: { output, success: false } };
}

/** Arguments of a function-tool call; a freeform (custom) call to a function tool is refused. */
export function parseCallArgs<S extends z.ZodMiniType>(call: ToolCall, schema: S): ParsedArgs<z.infer<S>> {
  if (call.kind !== "function") return fail(`unsupported custom tool call: ${call.name}`);
  return parseToolArgs(call.arguments, schema);
}
