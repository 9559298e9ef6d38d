import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineFeature } from "../feature.js";
import { FeatureRegistry } from "../feature-registry.js";
import { RoleCatalog } from "../role-catalog.js";
import { defineTool } from "../tool.js";
import { Toolset } from "../toolset.js";
import { cachedJsonSchema } from "./cached-json-schema.js";
import { toJsonSchema } from "./json-schema.js";

describe("cachedJsonSchema", () => {
  it("converts a schema once per side and returns what toJsonSchema returns", () => {
    const schema = z.object({
      title: z.string().describe("A title."),
      tags: z.array(z.string()).default([]),
    });
    const input = cachedJsonSchema(schema, "input");
    expect(input).toEqual(toJsonSchema(schema, "input"));
    expect(cachedJsonSchema(schema, "input")).toBe(input);
    const output = cachedJsonSchema(schema, "output");
    expect(output).toEqual(toJsonSchema(schema, "output"));
    expect(output).not.toEqual(input);
  });

  it("freezes the shared schema deeply so one consumer cannot change another's", () => {
    const schema = z.object({ tags: z.array(z.string()) });
    const converted = cachedJsonSchema(schema, "input") as { properties: { tags: { items: object } } };
    expect(Object.isFrozen(converted)).toBe(true);
    expect(Object.isFrozen(converted.properties.tags.items)).toBe(true);
  });

  it("does not cache a failed conversion: every attempt throws unsupported_schema", () => {
    const schema = z.object({ size: z.bigint() });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(() => cachedJsonSchema(schema, "input")).toThrow(
        expect.objectContaining({ code: "unsupported_schema" }),
      );
    }
  });

  it("lets toolsets of different agents share a tool's schemas", async () => {
    const tool = defineTool({
      name: "ping",
      description: "Answers.",
      capability: "read",
      input: z.object({ message: z.string() }),
      output: z.object({ reply: z.string() }),
      execute: ({ message }) => ({ reply: message }),
    });
    const registry = new FeatureRegistry();
    registry.register(
      defineFeature({
        id: "echo",
        version: "1.0.0",
        description: "Echo.",
        tools: [tool],
        roles: { human: { capabilities: ["read"] } },
      }),
    );
    await registry.install();
    const profile = RoleCatalog.fromFeatures(registry.features()).resolve("human");
    const [first, second] = ["agent-1", "agent-2"].map(
      (agentId) => new Toolset({ registry, profile, agentId }),
    );
    expect(second?.list()[0]?.inputSchema).toBe(first?.list()[0]?.inputSchema);
    expect(second?.list()[0]?.outputSchema).toBe(first?.list()[0]?.outputSchema);
  });
});
