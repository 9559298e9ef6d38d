import type { JsonSchema } from "@podkit/core";
import { createTestToolset, variedSchemaFeature } from "@podkit/core/testing";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { checkOpenAiStrictSchema } from "../openai-strict-check.js";
import { type OpenAiFunctionTool, toOpenAiTools } from "../openai-tools.js";
import { checkStrictSchema } from "./check-strict-schema.js";
import { fromStrictArguments } from "./from-strict-arguments.js";
import { PORTABLE_STRICT } from "./strict-profile.js";
import { toStrictSchema } from "./to-strict-schema.js";

async function exported(): Promise<readonly OpenAiFunctionTool[]> {
  const { toolset } = await createTestToolset(variedSchemaFeature, "human");
  return toOpenAiTools(toolset);
}

function parametersOf(tools: readonly OpenAiFunctionTool[], name: string): JsonSchema {
  const tool = tools.find((candidate) => candidate.function.name === name);
  if (tool === undefined) throw new Error(`no tool '${name}'`);
  return tool.function.parameters;
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return schema.properties as Record<string, JsonSchema>;
}

describe("toOpenAiTools in strict mode", () => {
  it("renders every granted tool as a strict function tool", async () => {
    const tools = await exported();
    expect(tools.map((tool) => [tool.type, tool.function.name, tool.function.strict])).toEqual([
      ["function", "catalog_search", true],
      ["function", "catalog_count", true],
      ["function", "catalog_delete", true],
    ]);
    expect(tools[0]?.function.description).toBe("Searches catalog entries.");
  });

  it("exports only schemas that pass OpenAI's strict-mode rules and compile as JSON Schema", async () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: false });
    for (const tool of await exported()) {
      expect(checkOpenAiStrictSchema(tool.function.parameters), tool.function.name).toEqual([]);
      expect(() => ajv.compile(tool.function.parameters)).not.toThrow();
    }
  });

  it("makes optional fields required but nullable, and says dropped keywords in the description", async () => {
    const parameters = parametersOf(await exported(), "catalog_search");
    const properties = propertiesOf(parameters);
    expect(parameters.$schema).toBeUndefined();
    expect(parameters.required).toEqual(Object.keys(properties));
    expect(parameters.additionalProperties).toBe(false);
    expect(properties.query).toEqual({
      type: "string",
      description: "Words to search for. (at least 1 character)",
    });
    expect(properties.limit).toEqual({
      type: ["integer", "null"],
      minimum: 1,
      maximum: 50,
      description: "How many entries to return. (default 10)",
    });
    expect(properties.contact).toMatchObject({ type: ["string", "null"], format: "email" });
    expect(properties.owner).toEqual({
      type: ["string", "null"],
      description: "Owner id, or null for unowned entries.",
    });
    expect(properties.status).toEqual({
      description: "Only entries in this status.",
      anyOf: [{ type: "string", enum: ["open", "closed"] }, { type: "null" }],
    });
    expect(properties.tags).toEqual({
      type: ["array", "null"],
      maxItems: 5,
      items: { type: "string" },
    });
  });

  it("turns oneOf into anyOf and closes every nested object", async () => {
    const filter = propertiesOf(parametersOf(await exported(), "catalog_search")).filter as {
      oneOf?: unknown;
      anyOf: unknown[];
    };
    expect(filter.oneOf).toBeUndefined();
    expect(filter.anyOf).toHaveLength(3);
    expect(filter.anyOf[1]).toEqual({
      type: "object",
      properties: {
        kind: { type: "string", const: "date" },
        after: { type: ["string", "null"] },
        before: { type: ["string", "null"] },
      },
      required: ["kind", "after", "before"],
      additionalProperties: false,
    });
    expect(filter.anyOf[2]).toEqual({ type: "null" });
  });

  it("accepts what a strict-mode model sends, which the toolset then runs with nullsAsAbsent", async () => {
    const { toolset } = await createTestToolset(variedSchemaFeature, "human");
    const parameters = parametersOf(toOpenAiTools(toolset), "catalog_search");
    const modelArguments = {
      query: "lamp",
      limit: null,
      status: null,
      owner: null,
      contact: null,
      tags: null,
      sort: "asc",
      value: null,
      filter: { kind: "date", after: "2024-01-01", before: null },
      page: { cursor: null, size: 5 },
      metadata: [{ key: "colour", value: "red" }],
    };
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: false }).compile(
      parameters,
    );
    expect(validate(modelArguments), JSON.stringify(validate.errors)).toBe(true);
    const decoded = fromStrictArguments(modelArguments, toolset.list()[0]?.inputSchema ?? {});
    expect(decoded).toMatchObject({ ok: true, value: { metadata: { colour: "red" } } });
    expect(
      await toolset.call("catalog_search", decoded.ok && decoded.value, { nullsAsAbsent: true }),
    ).toEqual({
      ok: true,
      output: { items: [{ id: "lamp", score: 10 }], next: null },
    });
  });
});

describe("toStrictSchema", () => {
  it("does not add a second null to a field that is already nullable", () => {
    const strict = toStrictSchema({
      type: "object",
      properties: {
        a: { type: ["string", "null"] },
        b: { anyOf: [{ type: "number" }, { type: "null" }] },
      },
    });
    expect(strict.properties).toEqual({
      a: { type: ["string", "null"] },
      b: { anyOf: [{ type: "number" }, { type: "null" }] },
    });
  });

  it("wraps a const or enum field in anyOf with null, keeping its description outside", () => {
    const strict = toStrictSchema({
      type: "object",
      properties: { mode: { type: "string", const: "fast", description: "Speed." } },
    });
    expect(strict.properties).toEqual({
      mode: { description: "Speed.", anyOf: [{ type: "string", const: "fast" }, { type: "null" }] },
    });
  });

  it("closes objects inside arrays and $defs", () => {
    const strict = toStrictSchema({
      type: "object",
      properties: {
        list: { type: "array", items: { type: "object", properties: { x: { type: "string" } } } },
      },
      required: ["list"],
      $defs: { node: { type: "object", properties: { y: { type: "number" } }, required: ["y"] } },
    });
    expect(strict).toEqual({
      type: "object",
      properties: {
        list: {
          type: "array",
          items: {
            type: "object",
            properties: { x: { type: ["string", "null"] } },
            required: ["x"],
            additionalProperties: false,
          },
        },
      },
      required: ["list"],
      additionalProperties: false,
      $defs: {
        node: {
          type: "object",
          properties: { y: { type: "number" } },
          required: ["y"],
          additionalProperties: false,
        },
      },
    });
  });
});

describe("toStrictSchema on what strict mode cannot say", () => {
  const detailValue = {
    anyOf: [{ type: "string" }, { type: "number" }, { type: "boolean" }, { type: "null" }],
  };

  it("gives a record as a list of {key, value} entries instead of a closed empty object", () => {
    const strict = toStrictSchema({
      type: "object",
      properties: {
        details: {
          description: "Facts.",
          type: "object",
          propertyNames: { type: "string" },
          additionalProperties: detailValue,
        },
      },
    });
    expect(strict.properties).toEqual({
      details: {
        type: ["array", "null"],
        description: "Facts. A map, given as a list of {key, value} entries, one per key.",
        items: {
          type: "object",
          properties: { key: { type: "string" }, value: detailValue },
          required: ["key", "value"],
          additionalProperties: false,
        },
      },
    });
    expect(checkOpenAiStrictSchema(strict)).toEqual([]);
  });

  it("gives a record keyed by an enum as an object with a property per key", () => {
    const strict = toStrictSchema({
      type: "object",
      properties: {
        scores: {
          type: "object",
          propertyNames: { type: "string", enum: ["a", "b"] },
          additionalProperties: { type: "number" },
          required: ["a"],
        },
      },
      required: ["scores"],
    });
    expect(strict.properties).toEqual({
      scores: {
        type: "object",
        properties: { a: { type: "number" }, b: { type: ["number", "null"] } },
        required: ["a", "b"],
        additionalProperties: false,
      },
    });
  });

  it("gives a tuple as a list of its members, saying their order", () => {
    const strict = toStrictSchema({
      type: "object",
      properties: {
        pair: {
          type: "array",
          prefixItems: [{ type: "string" }, { type: "number" }],
          items: false,
          minItems: 2,
          maxItems: 2,
        },
      },
      required: ["pair"],
    });
    expect(strict.properties).toEqual({
      pair: {
        type: "array",
        items: { anyOf: [{ type: "string" }, { type: "number" }] },
        minItems: 2,
        maxItems: 2,
        description: "In this order: string, number.",
      },
    });
    expect(checkOpenAiStrictSchema(strict)).toEqual([]);
  });

  it("gives a value of any type as JSON text", () => {
    const strict = toStrictSchema({ type: "object", properties: { extra: { description: "Anything." } } });
    expect(strict.properties).toEqual({
      extra: {
        type: ["string", "null"],
        description: 'Anything. Any JSON value, written as JSON text (e.g. {"a": 1} or 42).',
      },
    });
  });

  it("drops formats OpenAI does not document and says them in the description", () => {
    const strict = toStrictSchema({
      type: "object",
      properties: { home: { type: "string", format: "uri", maxLength: 200 } },
      required: ["home"],
    });
    expect(strict.properties).toEqual({
      home: { type: "string", description: "(format: uri; at most 200 characters)" },
    });
  });

  it("keeps only what OpenAI and Anthropic both take in the portable profile", () => {
    const strict = toStrictSchema(
      {
        type: "object",
        properties: {
          count: { type: "integer", minimum: 1, maximum: 9 },
          tags: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 },
          many: { type: "array", items: { type: "string" }, minItems: 2 },
        },
        required: ["count", "tags", "many"],
      },
      PORTABLE_STRICT,
    );
    expect(strict.properties).toEqual({
      count: { type: "integer", description: "(at least 1; at most 9)" },
      tags: { type: "array", items: { type: "string" }, minItems: 1, description: "(at most 3 items)" },
      many: { type: "array", items: { type: "string" }, description: "(at least 2 items)" },
    });
    expect(checkStrictSchema(strict, PORTABLE_STRICT)).toEqual([]);
  });
});
