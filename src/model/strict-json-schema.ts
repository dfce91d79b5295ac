// OpenAI strict structured output: make a user's JSON Schema strict where that is mechanical, and
// undo the nulls that made optional fields "required but nullable" before checking the answer.

/** A schema problem strict mode cannot accept and we cannot fix; `pointer` is a JSON pointer. */
export class StrictSchemaError extends Error {
  constructor(
    readonly pointer: string,
    readonly problem: string,
  ) {
    super(`${pointer === "" ? "(root)" : pointer}: ${problem}`);
  }
}

export interface StrictSchema {
  schema: Record<string, unknown>;
  /** What was changed, one line each (e.g. `/properties/a: made optional property "b" required and nullable`). */
  changes: string[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const esc = (k: string): string => k.replace(/~/g, "~0").replace(/\//g, "~1");

/** A strict copy of `schema`; throws StrictSchemaError for what cannot be made strict. */
export function makeStrict(schema: unknown): StrictSchema {
  if (!isObj(schema)) throw new StrictSchemaError("", "the schema must be a JSON object");
  if (schema["type"] !== "object") throw new StrictSchemaError("", 'the root must be `"type": "object"`');
  const changes: string[] = [];
  const out = strictNode(structuredClone(schema), "", changes);
  return { schema: out, changes };
}

function strictNode(node: Json, pointer: string, changes: string[]): Json {
  for (const key of ["patternProperties", "propertyNames", "if", "then", "else", "dependentSchemas"]) {
    if (key in node) throw new StrictSchemaError(`${pointer}/${key}`, `\`${key}\` is not supported in strict mode`);
  }
  const isObject = node["type"] === "object" || (Array.isArray(node["type"]) && node["type"].includes("object")) || "properties" in node;
  if (isObject) {
    const extra = node["additionalProperties"];
    if (extra === undefined) {
      node["additionalProperties"] = false;
      changes.push(`${pointer || "(root)"}: added "additionalProperties": false`);
    } else if (extra !== false) {
      throw new StrictSchemaError(`${pointer}/additionalProperties`, "must be false in strict mode (open-ended objects cannot be strict)");
    }
    const props = isObj(node["properties"]) ? node["properties"] : {};
    node["properties"] = props;
    const required = new Set(Array.isArray(node["required"]) ? node["required"].map(String) : []);
    for (const name of Object.keys(props)) {
      if (required.has(name)) continue;
      props[name] = nullable(props[name]);
      changes.push(`${pointer || "(root)"}: made optional property "${name}" required and nullable`);
    }
    node["required"] = Object.keys(props);
    for (const [name, child] of Object.entries(props)) {
      if (isObj(child)) props[name] = strictNode(child, `${pointer}/properties/${esc(name)}`, changes);
    }
  }
  if (isObj(node["items"])) node["items"] = strictNode(node["items"], `${pointer}/items`, changes);
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const list = node[key];
    if (Array.isArray(list)) {
      node[key] = list.map((s, i) => (isObj(s) ? strictNode(s, `${pointer}/${key}/${i}`, changes) : s));
    }
  }
  for (const key of ["$defs", "definitions"]) {
    const defs = node[key];
    if (isObj(defs)) {
      for (const [name, s] of Object.entries(defs)) {
        if (isObj(s)) defs[name] = strictNode(s, `${pointer}/${key}/${esc(name)}`, changes);
      }
    }
  }
  return node;
}

/** The schema, also accepting null. */
function nullable(schema: unknown): unknown {
  if (!isObj(schema)) return schema;
  // `enum` and `const` would still refuse the null a widened type lets through: those get an anyOf.
  const fixed = "enum" in schema || "const" in schema;
  if (typeof schema["type"] === "string" && !fixed) return { ...schema, type: [schema["type"], "null"] };
  if (Array.isArray(schema["type"]) && !fixed) {
    return schema["type"].includes("null") ? schema : { ...schema, type: [...schema["type"], "null"] };
  }
  return { anyOf: [schema, { type: "null" }] };
}

/**
 * Remove `null` values of properties the original schema left optional and non-nullable: the
 * strict schema made the model send them. Walks objects and arrays alongside the original schema,
 * through local `$ref`s, `allOf` (merged) and the `anyOf`/`oneOf` branch the value fits.
 */
export function dropIntroducedNulls(value: unknown, original: unknown, root: unknown = original): unknown {
  const schema = resolve(value, original, root, 0);
  if (!isObj(schema)) return value;
  if (Array.isArray(value)) return isObj(schema["items"]) ? value.map((v) => dropIntroducedNulls(v, schema["items"], root)) : value;
  if (!isObj(value)) return value;
  const props = isObj(schema["properties"]) ? schema["properties"] : {};
  const required = new Set(Array.isArray(schema["required"]) ? schema["required"].map(String) : []);
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    const propSchema = props[k];
    if (v === null && !required.has(k) && !allowsNull(propSchema, root, 0)) continue;
    out[k] = dropIntroducedNulls(v, propSchema, root);
  }
  return out;
}

/** Deeper than this, a schema is taken as it stands (guards `$ref` cycles). */
const MAX_DEPTH = 32;

/** The schema that describes `value`: `$ref` followed, `allOf` merged, the fitting `anyOf`/`oneOf` branch. */
function resolve(value: unknown, schema: unknown, root: unknown, depth: number): unknown {
  if (!isObj(schema) || depth > MAX_DEPTH) return schema;
  if (typeof schema["$ref"] === "string") return resolve(value, lookup(root, schema["$ref"]), root, depth + 1);
  if (Array.isArray(schema["allOf"])) {
    const parts = schema["allOf"].map((s) => resolve(value, s, root, depth + 1)).filter(isObj);
    const properties = Object.assign({}, ...parts.map((p) => (isObj(p["properties"]) ? p["properties"] : {}))) as Json;
    const required = parts.flatMap((p) => (Array.isArray(p["required"]) ? p["required"] : []));
    return { ...schema, properties: { ...(isObj(schema["properties"]) ? schema["properties"] : {}), ...properties }, required };
  }
  for (const key of ["anyOf", "oneOf"]) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    const resolved = branches.map((b) => resolve(value, b, root, depth + 1));
    return resolved.find((b) => fits(value, b)) ?? schema;
  }
  return schema;
}

/** Whether `schema` could describe `value` by its shape: an object's keys all among its properties, an array for an array. */
function fits(value: unknown, schema: unknown): boolean {
  if (!isObj(schema)) return false;
  if (Array.isArray(value)) return isObj(schema["items"]) || schema["type"] === "array";
  if (isObj(value)) {
    const props = isObj(schema["properties"]) ? schema["properties"] : null;
    return props !== null && Object.keys(value).every((k) => k in props);
  }
  return false;
}

/** The schema a local `$ref` (`#/$defs/x`, `#/definitions/x`) points at, or undefined. */
function lookup(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").filter((p) => p !== "")) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObj(node) ? node[part] : undefined;
  }
  return node;
}

function allowsNull(schema: unknown, root: unknown, depth: number): boolean {
  if (!isObj(schema)) return true;
  if (depth > MAX_DEPTH) return false;
  // An unresolvable reference keeps the value as the model sent it.
  if (typeof schema["$ref"] === "string") return allowsNull(lookup(root, schema["$ref"]), root, depth + 1);
  const t = schema["type"];
  if (t === "null" || (Array.isArray(t) && t.includes("null"))) return true;
  if (Array.isArray(schema["enum"]) && schema["enum"].includes(null)) return true;
  if ("const" in schema && schema["const"] === null) return true;
  return ["anyOf", "oneOf"].some((key) => {
    const branches = schema[key];
    return Array.isArray(branches) && branches.some((b) => allowsNull(b, root, depth + 1));
  });
}
