// Making schemas strict (and where it cannot be done), and undoing the nulls strictness introduced.

import { describe, expect, it } from "vitest";
import { dropIntroducedNulls, makeStrict, StrictSchemaError } from "../../../src/model/strict-json-schema.js";

describe("makeStrict", () => {
  it("closes objects, requires every property, and makes the optional ones nullable — recursively", () => {
    const { schema, changes } = makeStrict({
      type: "object",
      properties: {
        a: { type: "string" },
        tags: { type: "array", items: { type: "object", properties: { k: { type: "string", enum: ["x", "y"] } } } },
      },
      required: ["a"],
    });
    expect(schema).toEqual({
      type: "object",
      properties: {
        a: { type: "string" },
        tags: {
          type: ["array", "null"],
          items: {
            type: "object",
            properties: { k: { anyOf: [{ type: "string", enum: ["x", "y"] }, { type: "null" }] } },
            additionalProperties: false,
            required: ["k"],
          },
        },
      },
      required: ["a", "tags"],
      additionalProperties: false,
    });
    expect(changes).toEqual([
      '(root): added "additionalProperties": false',
      '(root): made optional property "tags" required and nullable',
      '/properties/tags/items: added "additionalProperties": false',
      '/properties/tags/items: made optional property "k" required and nullable',
    ]);
  });

  it("leaves an already strict schema unchanged", () => {
    const strict = { type: "object", properties: { a: { type: "number" } }, required: ["a"], additionalProperties: false };
    expect(makeStrict(strict)).toEqual({ schema: strict, changes: [] });
  });

  it.each([
    [[], "", "the schema must be a JSON object"],
    [{ type: "string" }, "", 'the root must be `"type": "object"`'],
    [{ type: "object", additionalProperties: true }, "/additionalProperties", "must be false in strict mode"],
    [{ type: "object", properties: { m: { type: "object", patternProperties: {} } } }, "/properties/m/patternProperties", "not supported"],
  ])("refuses %j at %s", (schema, pointer, problem) => {
    try {
      makeStrict(schema);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(StrictSchemaError);
      expect((err as StrictSchemaError).pointer).toBe(pointer);
      expect((err as StrictSchemaError).problem).toContain(problem);
    }
  });
});

describe("dropIntroducedNulls", () => {
  const original = {
    type: "object",
    properties: {
      a: { type: "string" },
      b: { type: ["string", "null"] },
      list: { type: "array", items: { type: "object", properties: { x: { type: "number" } } } },
    },
    required: ["a"],
  };
  it("drops nulls of optional non-nullable properties only, inside arrays too", () => {
    expect(dropIntroducedNulls({ a: null, b: null, list: [{ x: null }, { x: 1 }] }, original)).toEqual({
      a: null,
      b: null,
      list: [{}, { x: 1 }],
    });
  });

  it("follows local $refs, merges allOf, and picks the anyOf branch the value fits", () => {
    const schema = {
      type: "object",
      $defs: { person: { type: "object", properties: { n: { type: "string" }, nick: { type: "string" } }, required: ["n"] } },
      properties: {
        person: { $ref: "#/$defs/person" },
        v: { anyOf: [{ type: "object", properties: { a: { type: "number" }, b: { type: "string" } } }, { type: "string" }] },
        w: { allOf: [{ properties: { p: { type: "string" } } }, { properties: { q: { type: "string" } }, required: ["q"] }] },
        maybe: { anyOf: [{ $ref: "#/$defs/person" }, { type: "null" }] },
      },
      required: ["person"],
    };
    expect(
      dropIntroducedNulls({ person: { n: "a", nick: null }, v: { a: 1, b: null }, w: { p: null, q: null }, maybe: null }, schema),
    ).toEqual({ person: { n: "a" }, v: { a: 1 }, w: { q: null }, maybe: null });
  });
});

describe("makeStrict and const", () => {
  it("an optional `const` property is made nullable with anyOf (a widened type would still refuse null)", () => {
    const strict = makeStrict({ type: "object", properties: { k: { type: "string", const: "v" } } }).schema as {
      properties: { k: unknown };
    };
    expect(strict.properties.k).toEqual({ anyOf: [{ type: "string", const: "v" }, { type: "null" }] });
  });
});
