import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toJsonSchema } from "./json-schema.js";
import { nullsToAbsent } from "./nulls-to-absent.js";

const schema = z.object({
  label: z.string().optional(),
  nickname: z.string().nullable(),
  anything: z.unknown(),
  box: z.object({ width: z.number().optional(), depth: z.number().nullable() }).nullable(),
  items: z.array(z.object({ name: z.string(), color: z.string().optional() })).nullable(),
  shape: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("circle"), radius: z.number().optional() }),
    z.object({ kind: z.literal("square"), side: z.number().optional() }),
  ]),
  mode: z.union([
    z.object({ type: z.enum(["a", "b"]), a: z.string().optional() }),
    z.object({ type: z.enum(["c"]), c: z.string().optional() }),
  ]),
  counts: z.record(z.string(), z.object({ n: z.number().optional() })),
  choice: z.enum(["x", "y"]).nullable().optional(),
});
const jsonSchema = toJsonSchema(schema, "input");

describe("nullsToAbsent", () => {
  it("removes nulls the schema does not allow and keeps those it does", () => {
    expect(nullsToAbsent({ label: null, nickname: null, anything: null, choice: null }, jsonSchema)).toEqual({
      nickname: null,
      anything: null,
      choice: null,
    });
  });

  it("descends into nullable objects and arrays of objects", () => {
    expect(
      nullsToAbsent(
        {
          box: { width: null, depth: null },
          items: [
            { name: "a", color: null },
            { name: "b", color: "red" },
          ],
        },
        jsonSchema,
      ),
    ).toEqual({ box: { depth: null }, items: [{ name: "a" }, { name: "b", color: "red" }] });
  });

  it("follows the union branch whose discriminator matches", () => {
    expect(nullsToAbsent({ shape: { kind: "square", side: null } }, jsonSchema)).toEqual({
      shape: { kind: "square" },
    });
    expect(nullsToAbsent({ shape: { kind: "circle", radius: null } }, jsonSchema)).toEqual({
      shape: { kind: "circle" },
    });
    expect(nullsToAbsent({ mode: { type: "c", c: null } }, jsonSchema)).toEqual({ mode: { type: "c" } });
  });

  it("descends into record values", () => {
    expect(nullsToAbsent({ counts: { first: { n: null }, second: { n: 2 } } }, jsonSchema)).toEqual({
      counts: { first: {}, second: { n: 2 } },
    });
  });

  it("keeps keys the schema does not name, and a __proto__ key as plain data", () => {
    const input = JSON.parse('{"extra": null, "__proto__": {"polluted": true}}');
    const result = nullsToAbsent(input, jsonSchema) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(["extra", "__proto__"]);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect((result as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("returns primitives unchanged and leaves its argument alone", () => {
    expect(nullsToAbsent(null, jsonSchema)).toBeNull();
    expect(nullsToAbsent("text", jsonSchema)).toBe("text");
    const input = { label: null, box: { width: null, depth: 1 } };
    nullsToAbsent(input, jsonSchema);
    expect(input).toEqual({ label: null, box: { width: null, depth: 1 } });
  });

  it("makes a strict-mode payload parse where the raw one does not", () => {
    const payload = {
      label: null,
      nickname: "Bo",
      anything: 1,
      box: null,
      items: [{ name: "a", color: null }],
      shape: { kind: "square", side: null },
      mode: { type: "a", a: null },
      counts: {},
      choice: null,
    };
    expect(schema.safeParse(payload).success).toBe(false);
    expect(schema.safeParse(nullsToAbsent(payload, jsonSchema)).success).toBe(true);
  });
});
