import { describe, expect, it } from "vitest";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { PodkitError } from "./errors.js";
import { defineFeature } from "./feature.js";
import type { FeatureGrant } from "./feature-grant.js";
import { FeatureRegistry } from "./feature-registry.js";
import { RoleCatalog } from "./role-catalog.js";
import { toJsonSchema } from "./schema/json-schema.js";
import { variedSchemaFeature } from "./testing/varied-schema-feature.js";
import { type AnyTool, defineTool } from "./tool.js";
import { describeTool } from "./tool-descriptor.js";
import { createToolset } from "./toolset.js";

/** A descriptor as podkit built it before schemas were converted on first read: every schema converted up front. */
function eagerDescriptor(tool: AnyTool, featureId: string, rule: string): Record<string, unknown> {
  return {
    name: tool.name,
    ...(tool.title === undefined ? {} : { title: tool.title }),
    description: tool.description,
    featureId,
    capabilities: typeof tool.capability === "string" ? [tool.capability] : tool.capability,
    hints: {
      readOnly: tool.hints?.readOnly ?? false,
      destructive: tool.hints?.destructive ?? false,
      idempotent: tool.hints?.idempotent ?? false,
    },
    inputSchema: toJsonSchema(tool.input, "input"),
    outputSchema: toJsonSchema(tool.output, "output"),
    rule,
  };
}

const legacyTool = defineTool({
  name: "legacy_echo",
  description: "Echoes a zod 3 input.",
  capability: ["read", "write"],
  input: z3.object({ text: z3.string().min(1), times: z3.number().int().default(1) }),
  output: z3.object({ echoed: z3.array(z3.string()) }),
  execute: ({ text, times }) => ({ echoed: Array.from({ length: times }, () => text) }),
});

/** A schema JSON Schema cannot express: the tool registers and is callable, but has no JSON Schema. */
const sizedTool = defineTool({
  name: "blob_size",
  description: "Reports a size.",
  capability: "read",
  input: z.object({ size: z.bigint() }),
  output: z.object({ ok: z.boolean() }),
  execute: () => ({ ok: true }),
});

const legacy = defineFeature({ id: "legacy", version: "1.0.0", description: "Legacy.", tools: [legacyTool] });
const blobs = defineFeature({ id: "blobs", version: "1.0.0", description: "Blobs.", tools: [sizedTool] });

async function toolsetOver(
  features: Parameters<FeatureRegistry["register"]>,
  grants: Record<string, FeatureGrant>,
) {
  const registry = new FeatureRegistry();
  registry.register(...features);
  await registry.install();
  const profile = new RoleCatalog().define({ role: "coder", features: grants }).resolve("coder");
  return { registry, toolset: createToolset({ registry, profile, agentId: "agent-1" }) };
}

describe("describeTool", () => {
  it("builds the same descriptors, key for key, as converting every schema up front", async () => {
    const { toolset } = await toolsetOver([variedSchemaFeature, legacy], {
      catalog: { capabilities: ["read", "write"] },
      legacy: { capabilities: ["write"] },
    });
    const tools = [...variedSchemaFeature.tools, legacyTool];
    const listed = toolset.list();
    expect(listed.map((descriptor) => descriptor.name)).toEqual(tools.map((tool) => tool.name));
    for (const [index, descriptor] of listed.entries()) {
      const tool = tools[index] as AnyTool;
      const expected = eagerDescriptor(tool, descriptor.featureId, descriptor.rule);
      expect(Object.keys(descriptor)).toEqual(Object.keys(expected));
      expect({ ...descriptor }).toStrictEqual(expected);
      expect(JSON.parse(JSON.stringify(descriptor))).toEqual(JSON.parse(JSON.stringify(expected)));
    }
    expect(listed.map((descriptor) => descriptor.rule)).toEqual([
      "capability:read",
      "capability:read",
      "capability:write",
      "capability:write",
    ]);
  });

  it("converts a schema only when it is read, and reads it once for every toolset", async () => {
    const { registry, toolset } = await toolsetOver([blobs], { blobs: { capabilities: ["read"] } });
    // Listing converts nothing: the tool whose input has no JSON Schema is listed without error.
    const [descriptor] = toolset.list();
    expect(descriptor?.name).toBe("blob_size");
    expect(descriptor?.outputSchema).toEqual(toJsonSchema(sizedTool.output, "output"));
    const profile = toolset.profile;
    const other = createToolset({ registry, profile, agentId: "agent-2" });
    expect(other.list()[0]).toBe(descriptor);
    expect(other.list()[0]?.outputSchema).toBe(descriptor?.outputSchema);
  });

  it("reports a schema JSON Schema cannot express when it is read, as unsupported_schema, every time", async () => {
    const { toolset } = await toolsetOver([blobs], { blobs: { capabilities: ["read"] } });
    const [descriptor] = toolset.list();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(() => descriptor?.inputSchema).toThrow(expect.toSatisfy(PodkitError.isInstance));
      expect(() => descriptor?.inputSchema).toThrow(
        expect.objectContaining({
          code: "unsupported_schema",
          message: expect.stringMatching(/^Cannot convert a tool schema to JSON Schema: /),
        }),
      );
    }
    expect(() => ({ ...descriptor })).toThrow(expect.objectContaining({ code: "unsupported_schema" }));
    // The tool itself still works: only its JSON Schema is missing.
    expect(await toolset.call("blob_size", { size: 10n })).toEqual({ ok: true, output: { ok: true } });
  });

  it("keeps one frozen descriptor per feature and grant rule of a tool, shared by toolsets", async () => {
    const { toolset: byCapability } = await toolsetOver([legacy], { legacy: { capabilities: ["read"] } });
    const { toolset: byAllowList } = await toolsetOver([legacy], {
      legacy: { capabilities: ["write"], allowTools: ["legacy_echo"] },
    });
    const [first] = byCapability.list();
    const [second] = byAllowList.list();
    expect([first?.rule, second?.rule]).toEqual(["capability:read", "allow-list+capability:write"]);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(second)).toBe(true);
    expect(second?.inputSchema).toBe(first?.inputSchema);
    expect(describeTool(legacyTool, "legacy", "capability:read")).toBe(first);
    expect(describeTool(legacyTool, "legacy", "allow-list+capability:write")).toBe(second);
    const elsewhere = describeTool(legacyTool, "other", "capability:read");
    expect(elsewhere).not.toBe(first);
    expect(elsewhere.featureId).toBe("other");
    expect(describeTool(legacyTool, "other", "capability:read")).toBe(elsewhere);
  });

  it("follows the registry: a reinstalled feature's new tool definitions bring their own schemas", async () => {
    const version = (maxLength: number) =>
      defineFeature({
        id: "notes",
        version: "1.0.0",
        description: "Notes.",
        tools: [
          defineTool({
            name: "notes_add",
            description: "Adds a note.",
            capability: "write",
            input: z.object({ title: z.string().max(maxLength) }),
            output: z.object({ id: z.string() }),
            execute: () => ({ id: "n1" }),
          }),
        ],
      });
    const { registry, toolset } = await toolsetOver([version(10)], { notes: { capabilities: ["write"] } });
    const before = toolset.list();
    expect(before[0]?.inputSchema).toMatchObject({ properties: { title: { maxLength: 10 } } });
    expect(toolset.render("schemas", (tools) => tools.map((tool) => tool.inputSchema))).toEqual([
      before[0]?.inputSchema,
    ]);
    await registry.dispose("notes");
    expect(toolset.list()).toEqual([]);
    registry.register(version(20));
    await registry.install();
    const after = toolset.list();
    expect(after).not.toBe(before);
    expect(after[0]?.inputSchema).toMatchObject({ properties: { title: { maxLength: 20 } } });
    expect(toolset.render("schemas", (tools) => tools.map((tool) => tool.inputSchema))).toEqual([
      after[0]?.inputSchema,
    ]);
  });
});
