import { ListToolsResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { createTestToolset, variedSchemaFeature } from "@podkit/core/testing";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { type McpTool, toMcpTools } from "./mcp-tools.js";

async function exported(): Promise<readonly McpTool[]> {
  const { toolset } = await createTestToolset(variedSchemaFeature, "human");
  return toMcpTools(toolset);
}

function named(tools: readonly McpTool[], name: string): McpTool {
  const tool = tools.find((candidate) => candidate.name === name);
  if (tool === undefined) throw new Error(`no tool '${name}'`);
  return tool;
}

describe("toMcpTools", () => {
  it("maps behaviour hints to MCP annotations, with the title", async () => {
    const tools = await exported();
    expect(named(tools, "catalog_search").annotations).toEqual({
      title: "Search the catalog",
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    expect(named(tools, "catalog_search").title).toBe("Search the catalog");
    expect(named(tools, "catalog_delete").annotations).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false,
    });
    expect(named(tools, "catalog_delete").title).toBeUndefined();
  });

  it("includes an output schema only for tools whose output is an object", async () => {
    const tools = await exported();
    expect(named(tools, "catalog_search").outputSchema).toMatchObject({
      type: "object",
      required: ["items", "next"],
    });
    expect(named(tools, "catalog_delete").outputSchema).toMatchObject({ type: "object" });
    expect(named(tools, "catalog_count")).not.toHaveProperty("outputSchema");
  });

  it("exports input schemas as JSON Schema 2020-12 objects with field descriptions", async () => {
    const search = named(await exported(), "catalog_search");
    expect(search.inputSchema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(search.inputSchema.type).toBe("object");
    expect(search.inputSchema.required).toEqual(["query", "owner"]);
    expect(search.inputSchema.properties).toMatchObject({
      query: { type: "string", description: "Words to search for." },
      limit: { type: "integer", default: 10 },
    });
  });

  it("exports schemas that Ajv compiles as JSON Schema 2020-12", async () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: false });
    for (const tool of await exported()) {
      expect(() => ajv.compile(tool.inputSchema), `${tool.name} input`).not.toThrow();
      if (tool.outputSchema !== undefined)
        expect(() => ajv.compile(tool.outputSchema!), `${tool.name} output`).not.toThrow();
    }
  });

  it("accepts an input the tool accepts and refuses one it refuses", async () => {
    const search = named(await exported(), "catalog_search");
    const validate = new Ajv2020({ allowUnionTypes: true, validateFormats: false }).compile(
      search.inputSchema,
    );
    expect(validate({ query: "lamp", owner: null, filter: { kind: "label", label: "x" } })).toBe(true);
    expect(validate({ query: "", owner: null })).toBe(false);
    expect(validate({ query: "lamp" })).toBe(false);
  });

  it("produces a tools/list result the MCP SDK accepts", async () => {
    const tools = await exported();
    const parsed = ListToolsResultSchema.parse({ tools });
    expect(parsed.tools.map((tool) => tool.name)).toEqual([
      "catalog_search",
      "catalog_count",
      "catalog_delete",
    ]);
  });
});
