import type { JsonSchema } from "@podkit/core";
import { createTestToolset, variedSchemaFeature } from "@podkit/core/testing";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { checkOpenAiStrictSchema } from "./openai-strict-check.js";
import { toStrictSchema } from "./openai-strict-schema.js";
import { type OpenAiFunctionTool, toOpenAiTools } from "./openai-tools.js";

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

  it("makes optional fields required but nullable, and drops defaults and the dialect", async () => {
    const parameters = parametersOf(await exported(), "catalog_search");
    const properties = propertiesOf(parameters);
    expect(parameters.$schema).toBeUndefined();
    expect(parameters.required).toEqual(Object.keys(properties));
    expect(parameters.additionalProperties).toBe(false);
    expect(properties.query).toEqual({
      type: "string",
      minLength: 1,
      description: "Words to search for.",
    });
    expect(properties.limit).toMatchObject({ type: ["integer", "null"], minimum: 1, maximum: 50 });
    expect(properties.limit?.default).toBeUndefined();
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
      metadata: null,
    };
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: false }).compile(
      parameters,
    );
    expect(validate(modelArguments)).toBe(true);
    expect(await toolset.call("catalog_search", modelArguments, { nullsAsAbsent: true })).toEqual({
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
