// `--output-schema FILE`: read, made strict for the API, and turned into a checker of the final answer.

import { readFile } from "node:fs/promises";
import { StartupError } from "../errors.js";
import type { FinalOutputCheck } from "../protocol/index.js";
import { dropIntroducedNulls, makeStrict, StrictSchemaError } from "../model/strict-json-schema.js";

export interface OutputSchema {
  /** What is sent as `text.format.schema`. */
  strict: Record<string, unknown>;
  /** Lines describing how the schema was made strict (printed on stderr). */
  changes: string[];
  check: FinalOutputCheck;
}

/** Load and prepare the schema; every problem is a one-line StartupError (exit 1). */
export async function loadOutputSchema(file: string): Promise<OutputSchema> {
  const fail = (message: string, cause?: unknown): never => {
    throw new StartupError("output_schema_invalid", message, cause === undefined ? {} : { cause });
  };
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    fail(`Failed to read output schema file ${file}: ${(err as Error).message}`, err);
  }
  let original: unknown;
  try {
    original = JSON.parse(text);
  } catch (err) {
    fail(`Output schema file ${file} is not valid JSON: ${(err as Error).message}`, err);
  }
  return prepareOutputSchema(original, `Output schema file ${file}`);
}

/** Make `original` strict and build the answer checker; `label` starts every error message. */
export async function prepareOutputSchema(original: unknown, label: string): Promise<OutputSchema> {
  const fail = (message: string, cause?: unknown): never => {
    throw new StartupError("output_schema_invalid", message, cause === undefined ? {} : { cause });
  };
  let strict: ReturnType<typeof makeStrict> | undefined;
  try {
    strict = makeStrict(original);
  } catch (err) {
    if (err instanceof StrictSchemaError) {
      fail(`${label} cannot be used in strict mode at ${err.pointer || "(root)"}: ${err.problem}`);
    }
    throw err;
  }
  // Loaded only when a schema is used: a plain run does not pay for the validator.
  const { Ajv2020 } = await import("ajv/dist/2020.js");
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  let validate: ReturnType<typeof ajv.compile> | undefined;
  try {
    validate = ajv.compile(original as object);
  } catch (err) {
    fail(`${label} is not a valid JSON Schema: ${(err as Error).message}`, err);
  }
  const check: FinalOutputCheck = (answer) => {
    let value: unknown;
    try {
      value = JSON.parse(answer);
    } catch (err) {
      return { ok: false, problems: `the answer is not JSON (${(err as Error).message})` };
    }
    const cleaned = dropIntroducedNulls(value, original);
    if (validate?.(cleaned)) {
      return { ok: true, text: JSON.stringify(cleaned) === JSON.stringify(value) ? answer : JSON.stringify(cleaned) };
    }
    return { ok: false, problems: ajv.errorsText(validate?.errors, { dataVar: "answer" }) };
  };
  return { strict: strict?.schema ?? {}, changes: strict?.changes ?? [], check };
}
