import { describe, expect, it } from "vitest";
import { checkOpenAiStrictSchema } from "./openai-strict-check.js";

const valid = {
  type: "object",
  properties: {
    title: { type: "string", description: "A title." },
    note: { type: ["string", "null"] },
    shape: {
      anyOf: [
        {
          type: "object",
          properties: { kind: { type: "string", const: "circle" } },
          required: ["kind"],
          additionalProperties: false,
        },
        { type: "null" },
      ],
    },
    tags: { type: "array", items: { type: "string", enum: ["a", "b"] } },
  },
  required: ["title", "note", "shape", "tags"],
  additionalProperties: false,
};

function nested(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: "string" };
  for (let level = 0; level < depth; level += 1) {
    schema = {
      type: "object",
      properties: { child: schema },
      required: ["child"],
      additionalProperties: false,
    };
  }
  return schema;
}

describe("checkOpenAiStrictSchema", () => {
  it("accepts a schema that follows every strict-mode rule", () => {
    expect(checkOpenAiStrictSchema(valid)).toEqual([]);
  });

  it("rejects an object without additionalProperties: false", () => {
    const { additionalProperties: _omitted, ...schema } = valid;
    expect(checkOpenAiStrictSchema(schema)).toEqual(["(root): objects need additionalProperties: false"]);
  });

  it("rejects an optional property, naming it", () => {
    expect(checkOpenAiStrictSchema({ ...valid, required: ["title", "shape", "tags"] })).toEqual([
      "(root).note: every property must be required (make optional ones nullable)",
    ]);
  });

  it("rejects oneOf", () => {
    const schema = {
      ...valid,
      properties: { ...valid.properties, shape: { oneOf: valid.properties.shape.anyOf } },
    };
    expect(checkOpenAiStrictSchema(schema)).toContain(
      "(root).shape: 'oneOf' is not supported in strict mode",
    );
  });

  it("checks objects nested in anyOf branches and array items", () => {
    const schema = {
      ...valid,
      properties: {
        ...valid.properties,
        shape: { anyOf: [{ type: "object", properties: { kind: { type: "string" } }, required: ["kind"] }] },
        tags: { type: "array", items: { type: "object", properties: {}, required: [] } },
      },
    };
    expect(checkOpenAiStrictSchema(schema)).toEqual([
      "(root).shape.anyOf[0]: objects need additionalProperties: false",
      "(root).tags[]: objects need additionalProperties: false",
    ]);
  });

  it.each(["default", "$schema", "not", "if", "patternProperties", "propertyNames"])(
    "rejects the unsupported keyword %s",
    (keyword) => {
      const schema = {
        ...valid,
        properties: { ...valid.properties, title: { type: "string", [keyword]: {} } },
      };
      expect(checkOpenAiStrictSchema(schema)).toContain(
        `(root).title: '${keyword}' is not supported in strict mode`,
      );
    },
  );

  it("rejects a root that is not an object, or is anyOf", () => {
    expect(checkOpenAiStrictSchema({ type: "string" })).toContain(
      "(root): the root must be an object schema",
    );
    expect(checkOpenAiStrictSchema({ anyOf: [valid] })).toContain("(root): the root must not be anyOf");
  });

  it("rejects a schema without a type and an unsupported type", () => {
    const schema = {
      ...valid,
      properties: { ...valid.properties, title: { description: "Anything." }, note: { type: "date" } },
    };
    expect(checkOpenAiStrictSchema(schema)).toEqual([
      "(root).title: every schema needs a type, anyOf, enum, const or $ref",
      "(root).note: unsupported type 'date'",
    ]);
  });

  it("allows 10 levels of nesting and rejects 11", () => {
    expect(checkOpenAiStrictSchema(nested(9))).toEqual([]);
    expect(checkOpenAiStrictSchema(nested(10))).toEqual([
      `(root)${".child".repeat(10)}: nested deeper than 10 levels`,
    ]);
  });

  it("rejects more than 5000 properties in all", () => {
    const properties = Object.fromEntries(
      Array.from({ length: 5001 }, (_, index) => [`p${index}`, { type: "string" }]),
    );
    const schema = {
      type: "object",
      properties,
      required: Object.keys(properties),
      additionalProperties: false,
    };
    expect(checkOpenAiStrictSchema(schema)).toEqual(["(root): 5001 properties in all; the limit is 5000"]);
    const { p5000: _dropped, ...fewer } = properties;
    expect(checkOpenAiStrictSchema({ ...schema, properties: fewer, required: Object.keys(fewer) })).toEqual(
      [],
    );
  });
});
