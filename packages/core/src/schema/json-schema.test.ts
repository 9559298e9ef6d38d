import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { PodkitError } from "../errors.js";
import { defineFeature } from "../feature.js";
import { createTestToolset } from "../testing/create-test-toolset.js";
import { defineTool } from "../tool.js";
import { JSON_SCHEMA_DRAFT_2020_12, toJsonSchema } from "./json-schema.js";
import { isZod4Schema } from "./tool-schema.js";

const input4 = z.object({
  title: z.string().min(1).max(80).describe("A short title."),
  priority: z.number().int().min(1).max(5).default(3),
  weight: z.number().positive().lt(100).optional(),
  status: z.enum(["open", "closed"]),
  sort: z.union([z.literal("asc"), z.literal("desc")]).optional(),
  value: z.union([z.string(), z.number()]),
  owner: z.string().nullable(),
  urgent: z.boolean().default(false),
  tags: z.array(z.string()).max(5).optional(),
  range: z.tuple([z.number(), z.number()]),
  labels: z.record(z.string(), z.number()),
  target: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("ticket"), id: z.string() }),
    z.object({ kind: z.literal("file"), path: z.string(), line: z.number().int().optional() }),
  ]),
  author: z.object({ name: z.string(), email: z.string().optional() }).describe("Who wrote it."),
  steps: z.array(z.object({ text: z.string(), done: z.boolean().default(false) })),
});

const input3 = z3.object({
  title: z3.string().min(1).max(80).describe("A short title."),
  priority: z3.number().int().min(1).max(5).default(3),
  weight: z3.number().positive().lt(100).optional(),
  status: z3.enum(["open", "closed"]),
  sort: z3.union([z3.literal("asc"), z3.literal("desc")]).optional(),
  value: z3.union([z3.string(), z3.number()]),
  owner: z3.string().nullable(),
  urgent: z3.boolean().default(false),
  tags: z3.array(z3.string()).max(5).optional(),
  range: z3.tuple([z3.number(), z3.number()]),
  labels: z3.record(z3.string(), z3.number()),
  target: z3.discriminatedUnion("kind", [
    z3.object({ kind: z3.literal("ticket"), id: z3.string() }),
    z3.object({ kind: z3.literal("file"), path: z3.string(), line: z3.number().int().optional() }),
  ]),
  author: z3.object({ name: z3.string(), email: z3.string().optional() }).describe("Who wrote it."),
  steps: z3.array(z3.object({ text: z3.string(), done: z3.boolean().default(false) })),
});

const output4 = z.object({ id: z.string(), note: z.string().optional(), score: z.number().nullable() });
const output3 = z3.object({ id: z3.string(), note: z3.string().optional(), score: z3.number().nullable() });

const validInput = {
  title: "Fix login",
  status: "open",
  value: 3,
  owner: null,
  range: [1, 2],
  labels: { size: 2 },
  target: { kind: "file", path: "src/login.ts" },
  author: { name: "Ada" },
  steps: [{ text: "reproduce" }],
};

describe("toJsonSchema", () => {
  it("converts a zod 4 schema to JSON Schema 2020-12, input and output sides apart", () => {
    const schema = z.object({
      title: z.string().describe("A title."),
      tags: z.array(z.string()).default([]),
    });
    expect(toJsonSchema(schema, "input")).toEqual({
      $schema: JSON_SCHEMA_DRAFT_2020_12,
      type: "object",
      properties: {
        title: { type: "string", description: "A title." },
        tags: { type: "array", items: { type: "string" }, default: [] },
      },
      required: ["title"],
    });
    expect(toJsonSchema(schema, "output")).toMatchObject({
      required: ["title", "tags"],
      additionalProperties: false,
    });
  });

  it("refuses a schema JSON cannot express, with a stable code", () => {
    const attempt = () => toJsonSchema(z.object({ at: z.date() }), "input");
    expect(attempt).toThrow(expect.toSatisfy(PodkitError.isInstance));
    expect(attempt).toThrow(/^Cannot convert a tool schema to JSON Schema: /);
    expect(() => toJsonSchema(z.object({ size: z.bigint() }), "input")).toThrow(
      expect.objectContaining({ code: "unsupported_schema" }),
    );
  });

  describe("zod 3 compatibility", () => {
    it("tells a zod 4 schema from a zod 3 one", () => {
      expect(isZod4Schema(input4)).toBe(true);
      expect(isZod4Schema(input3)).toBe(false);
    });

    it("exports the same input JSON Schema for a zod 3 schema as for its zod 4 twin", () => {
      expect(toJsonSchema(input3, "input")).toEqual(toJsonSchema(input4, "input"));
    });

    it("exports the same output JSON Schema for a zod 3 schema as for its zod 4 twin", () => {
      expect(toJsonSchema(input3, "output")).toEqual(toJsonSchema(input4, "output"));
      expect(toJsonSchema(output3, "output")).toEqual(toJsonSchema(output4, "output"));
      expect(toJsonSchema(output3, "input")).toEqual(toJsonSchema(output4, "input"));
    });

    it("exports zod 3 schemas that are valid 2020-12 (numeric exclusive bounds, prefixItems tuples)", () => {
      const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
      const validate = ajv.compile(toJsonSchema(input3, "input"));
      expect(validate(validInput)).toBe(true);
      expect(validate({ ...validInput, weight: 0 })).toBe(false);
      expect(validate({ ...validInput, range: [1, 2, 3] })).toBe(false);
      expect(() => ajv.compile(toJsonSchema(input3, "output"))).not.toThrow();
    });
  });
});

describe("a tool written with zod 3", () => {
  const legacy = defineTool({
    name: "legacy_add",
    description: "Adds an item with zod 3 schemas.",
    capability: "write",
    input: input3,
    output: output3,
    execute: (input) => ({ id: `${input.title}:${input.priority}`, score: null }),
  });
  const feature = defineFeature({
    id: "legacy",
    version: "1.0.0",
    description: "A zod 3 feature.",
    tools: [legacy],
    roles: { human: { capabilities: ["write"] } },
  });

  it("validates and runs through toolset.call, applying defaults", async () => {
    const { toolset } = await createTestToolset(feature, "human");
    expect(await toolset.call("legacy_add", validInput)).toEqual({
      ok: true,
      output: { id: "Fix login:3", score: null },
    });
  });

  it("answers invalid input with a readable message naming the fields", async () => {
    const { toolset } = await createTestToolset(feature, "human");
    const result = await toolset.call("legacy_add", { ...validInput, title: 5, status: undefined });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "invalid_input",
        message: [
          "Invalid input for tool 'legacy_add':",
          "✖ Expected string, received number",
          "  → at title",
          "✖ Required",
          "  → at status",
        ].join("\n"),
      },
    });
  });

  it("maps model nulls to absent fields through its exported schema", async () => {
    const { toolset } = await createTestToolset(feature, "human");
    const result = await toolset.call(
      "legacy_add",
      { ...validInput, priority: null, tags: null, target: { kind: "file", path: "a.ts", line: null } },
      { nullsAsAbsent: true },
    );
    expect(result).toEqual({ ok: true, output: { id: "Fix login:3", score: null } });
  });
});
