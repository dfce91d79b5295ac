// Builds a `type: function` tool spec whose JSON Schema is generated from the zod schema.

import { z } from "../protocol/zod.js";
import type { ToolSpec } from "../protocol/index.js";

/** `{type:"function", name, description, strict:false, parameters}` (additionalProperties: false). */
export function functionSpec(name: string, description: string, schema: z.ZodMiniType): ToolSpec {
  const { $schema: _drop, ...parameters } = z.toJSONSchema(schema) as Record<string, unknown>;
  return { type: "function", name, description, strict: false, parameters };
}
