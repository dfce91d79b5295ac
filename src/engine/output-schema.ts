// `--output-schema FILE`: read, made strict for the API, and turned into a checker of the final answer.

import { readFile } from "node:fs/promises";
import { castToError, StartupError } from "../errors.js";
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
    fail(`Failed to read output schema file ${file}: ${castToError(err).message}`, err);
  }
  let original: unknown;
  try {
    original = JSON.parse(text);
  } catch (err) {
    fail(`Output schema file ${file} is not valid JSON: ${castToError(err).message}`, err);
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
  const ajv = await validatorFor(original);
  let validate: ReturnType<typeof ajv.compile> | undefined;
  try {
    // The draft is chosen by `$schema` (below); the declaration itself is not resolved.
    const { $schema: _declared, ...body } = original as Record<string, unknown>;
    validate = ajv.compile(body);
  } catch (err) {
    fail(`${label} is not a valid JSON Schema: ${castToError(err).message}`, err);
  }
  const check: FinalOutputCheck = (answer) => {
    let value: unknown;
    try {
      value = JSON.parse(answer);
    } catch (err) {
      return { ok: false, problems: `the answer is not JSON (${castToError(err).message})` };
    }
    const cleaned = dropIntroducedNulls(value, original);
    if (validate?.(cleaned)) {
      return { ok: true, text: JSON.stringify(cleaned) === JSON.stringify(value) ? answer : JSON.stringify(cleaned) };
    }
    return { ok: false, problems: ajv.errorsText(validate?.errors, { dataVar: "answer" }) };
  };
  return { strict: strict?.schema ?? {}, changes: strict?.changes ?? [], check };
}

/**
 * An ajv for the draft the schema declares: 2020-12 unless `$schema` names 2019-09 or draft-04/06/07
 * (their `items` and `dependencies` mean other things). Loaded only when a schema is used: a plain
 * run does not pay for the validator.
 */
async function validatorFor(schema: unknown): Promise<import("ajv").default> {
  const declared = typeof (schema as { $schema?: unknown }).$schema === "string" ? String((schema as { $schema: string }).$schema) : "";
  const options = { strict: false, allErrors: true };
  if (/draft-0[4-7]/.test(declared)) {
    const { Ajv } = await import("ajv");
    return new Ajv(options);
  }
  if (declared.includes("2019-09")) {
    const { Ajv2019 } = await import("ajv/dist/2019.js");
    return new Ajv2019(options);
  }
  const { Ajv2020 } = await import("ajv/dist/2020.js");
  return new Ajv2020(options);
}
