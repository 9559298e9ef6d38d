import { defineFeature, defineTool } from "@podkit/core";
import { createTestToolset } from "@podkit/core/testing";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { strictArgumentsOf } from "../fixtures/strict-arguments-of.js";
import { checkOpenAiStrictSchema } from "../openai-strict-check.js";
import { callOpenAiTool, toOpenAiTools } from "../openai-tools.js";
import { fromStrictArguments } from "./from-strict-arguments.js";

/** A tool input with every shape strict mode cannot say directly, nested and optional. */
const RecordsInput = z.object({
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  scores: z.record(z.enum(["speed", "care"]), z.number()).optional(),
  pair: z.tuple([z.string(), z.number()]).optional(),
  anything: z.unknown().optional(),
  groups: z.array(z.object({ name: z.string(), meta: z.record(z.string(), z.array(z.string())) })).optional(),
  note: z.string().optional(),
});

const echoFeature = defineFeature({
  id: "echo",
  version: "1.0.0",
  description: "Returns its input, to see what a call made of it.",
  tools: [
    defineTool({
      name: "echo_records",
      description: "Returns its input.",
      capability: "read",
      input: RecordsInput,
      output: RecordsInput,
      execute: (input) => input,
    }),
  ],
  roles: { human: { capabilities: ["read"] } },
});

const key = fc.string({ maxLength: 8 });
const detail = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
const recordsInput = fc.record(
  {
    details: fc.dictionary(key, detail, { maxKeys: 5 }),
    scores: fc.record({ speed: fc.integer(), care: fc.integer() }),
    pair: fc.tuple(fc.string({ maxLength: 8 }), fc.integer()),
    anything: fc.jsonValue({ maxDepth: 2 }),
    groups: fc.array(
      fc.record({ name: key, meta: fc.dictionary(key, fc.array(key, { maxLength: 3 }), { maxKeys: 3 }) }),
      { maxLength: 3 },
    ),
    note: fc.string({ maxLength: 8 }),
  },
  { requiredKeys: ["details"] },
);

/** Compares as JSON does: `-0` and `0` are the same number once sent. */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe("a strict-mode call of a tool with records, tuples and any-typed values", () => {
  it("renders a schema that passes OpenAI's rules and that every encoded input satisfies", async () => {
    const { toolset } = await createTestToolset(echoFeature, "human");
    const [tool] = toOpenAiTools(toolset);
    const parameters = tool?.function.parameters ?? {};
    expect(checkOpenAiStrictSchema(parameters)).toEqual([]);
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(parameters);
    const original = toolset.list()[0]?.inputSchema ?? {};
    fc.assert(
      fc.property(recordsInput, (input) => {
        const sent = strictArgumentsOf(input, original);
        expect(validate(sent), JSON.stringify(validate.errors)).toBe(true);
      }),
    );
  });

  it("comes back to the tool exactly as the input it stands for", async () => {
    const { toolset } = await createTestToolset(echoFeature, "human");
    const original = toolset.list()[0]?.inputSchema ?? {};
    await fc.assert(
      fc.asyncProperty(recordsInput, async (input) => {
        const sent = strictArgumentsOf(input, original);
        const reply = await callOpenAiTool(toolset, {
          id: "call-1",
          function: { name: "echo_records", arguments: JSON.stringify(sent) },
        });
        expect(JSON.parse(reply.content)).toEqual(asJson(input));
      }),
      { numRuns: 60 },
    );
  });

  it("takes a record sent as an object, from a host that ignored strict mode", () => {
    const schema = { type: "object", additionalProperties: { type: "number" } };
    expect(fromStrictArguments({ a: 1 }, schema)).toEqual({ ok: true, value: { a: 1 } });
    expect(fromStrictArguments([{ key: "a", value: 1 }], schema)).toEqual({ ok: true, value: { a: 1 } });
  });

  it("refuses a key given twice, and JSON text that is not JSON, saying where", async () => {
    const { toolset } = await createTestToolset(echoFeature, "human");
    const twice = await callOpenAiTool(toolset, {
      id: "call-2",
      function: {
        name: "echo_records",
        arguments: JSON.stringify({
          details: [
            { key: "a", value: 1 },
            { key: "a", value: 2 },
          ],
        }),
      },
    });
    expect(JSON.parse(twice.content).error).toEqual({
      code: "invalid_input",
      message:
        "Invalid input for tool 'echo_records':\n✖ the key 'a' is given twice; give each key once\n  → at details.1",
    });
    const notJson = await callOpenAiTool(toolset, {
      id: "call-3",
      function: { name: "echo_records", arguments: JSON.stringify({ details: [], anything: "{oops" }) },
    });
    expect(JSON.parse(notJson.content).error.message).toMatch(
      /^Invalid input for tool 'echo_records':\n✖ expected JSON text of a value .*\n {2}→ at anything$/,
    );
  });

  it("keeps a __proto__ key as data", () => {
    const decoded = fromStrictArguments([{ key: "__proto__", value: 1 }], {
      type: "object",
      additionalProperties: { type: "number" },
    });
    expect(decoded.ok && Object.hasOwn(decoded.value as object, "__proto__")).toBe(true);
    expect(decoded.ok && Object.getPrototypeOf(decoded.value)).toBe(Object.prototype);
  });
});
