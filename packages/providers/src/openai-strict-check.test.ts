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
      "(root).shape: 'oneOf' is not supported in OpenAI strict mode",
    );
  });

  it("checks objects nested in anyOf branches and array items", () => {
    const schema = {
      ...valid,
      properties: {
        ...valid.properties,
        shape: { anyOf: [{ type: "object", properties: { kind: { type: "string" } }, required: ["kind"] }] },
        tags: {
          type: "array",
          items: { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
        },
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
        `(root).title: '${keyword}' is not supported in OpenAI strict mode`,
      );
    },
  );

  it.each([
    [
      "uri",
      "format 'uri' is not supported in OpenAI strict mode (supported: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid)",
    ],
    [
      "regex",
      "format 'regex' is not supported in OpenAI strict mode (supported: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid)",
    ],
  ])("rejects the string format %s, which OpenAI does not document", (format, problem) => {
    const schema = { ...valid, properties: { ...valid.properties, title: { type: "string", format } } };
    expect(checkOpenAiStrictSchema(schema)).toEqual([`(root).title: ${problem}`]);
    const email = {
      ...valid,
      properties: { ...valid.properties, title: { type: "string", format: "email" } },
    };
    expect(checkOpenAiStrictSchema(email)).toEqual([]);
  });

  it("rejects keywords OpenAI documents for other types only, such as string lengths", () => {
    const schema = {
      ...valid,
      properties: {
        ...valid.properties,
        title: { type: "string", minLength: 1, maxLength: 9, pattern: "^a" },
        count: { type: "integer", minimum: 0, maximum: 9, multipleOf: 3 },
        tags: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 2, uniqueItems: true },
      },
      required: [...valid.required, "count"],
    };
    expect(checkOpenAiStrictSchema(schema)).toEqual([
      "(root).title: 'minLength' is not supported in OpenAI strict mode",
      "(root).title: 'maxLength' is not supported in OpenAI strict mode",
      "(root).tags: 'uniqueItems' is not supported in OpenAI strict mode",
    ]);
  });

  it("rejects a tuple (prefixItems)", () => {
    const schema = {
      ...valid,
      properties: {
        ...valid.properties,
        tags: { type: "array", prefixItems: [{ type: "string" }], items: false },
      },
    };
    expect(checkOpenAiStrictSchema(schema)).toEqual([
      "(root).tags: 'prefixItems' (a tuple) is not supported in OpenAI strict mode; give the items as a list",
      "(root).tags[]: a schema must be an object, got false",
    ]);
  });

  it("rejects a nested object with no properties, which admits only {} (an emptied record)", () => {
    const emptied = { type: ["object", "null"], properties: {}, required: [], additionalProperties: false };
    expect(
      checkOpenAiStrictSchema({ ...valid, properties: { ...valid.properties, shape: emptied } }),
    ).toEqual([
      "(root).shape: an object with no properties admits only {} (a record emptied by strict mode? give a record as a list of {key, value} entries)",
    ]);
    // A tool without arguments has an empty root, which is fine.
    expect(
      checkOpenAiStrictSchema({ type: "object", properties: {}, required: [], additionalProperties: false }),
    ).toEqual([]);
  });

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

  it("rejects more than 1000 enum values in all, and a long enum of long values", () => {
    const values = (count: number, width: number) =>
      Array.from({ length: count }, (_, index) => `${index}`.padStart(width, "v"));
    const withEnums = (...enums: string[][]) => {
      const properties = Object.fromEntries(
        enums.map((list, index) => [`e${index}`, { type: "string", enum: list }]),
      );
      return { type: "object", properties, required: Object.keys(properties), additionalProperties: false };
    };
    expect(checkOpenAiStrictSchema(withEnums(values(500, 4), values(500, 4)))).toEqual([]);
    expect(checkOpenAiStrictSchema(withEnums(values(500, 4), values(501, 4)))).toEqual([
      "(root): 1001 enum values in all; the limit is 1000",
    ]);
    expect(checkOpenAiStrictSchema(withEnums(values(251, 30)))).toEqual([
      "(root).e0: an enum of more than 250 values may total at most 7500 characters; this one has 7530",
    ]);
  });

  it("rejects more than 120,000 characters of names and values in all", () => {
    const properties = Object.fromEntries(
      Array.from({ length: 121 }, (_, index) => [`${index}`.padStart(1000, "p"), { type: "string" }]),
    );
    const schema = {
      type: "object",
      properties,
      required: Object.keys(properties),
      additionalProperties: false,
    };
    expect(checkOpenAiStrictSchema(schema)).toEqual([
      "(root): 121000 characters of property names, definition names, enum and const values; the limit is 120000",
    ]);
  });
});
