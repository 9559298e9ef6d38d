import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { createTestToolset } from "../testing/create-test-toolset.js";
import { toAnthropicTools } from "./anthropic-tools.js";
import { catalog } from "./varied-feature.fixture.js";

describe("toAnthropicTools", () => {
  it("renders name, description and an object input schema without the dialect keyword", async () => {
    const { toolset } = await createTestToolset(catalog, "human");
    const tools = toolset.render("anthropic", toAnthropicTools);
    expect(tools.map((tool) => tool.name)).toEqual(["catalog_search", "catalog_count", "catalog_delete"]);
    const [search] = tools;
    expect(search?.description).toBe("Searches catalog entries.");
    expect(search?.input_schema.type).toBe("object");
    expect(search?.input_schema).not.toHaveProperty("$schema");
    expect(search?.input_schema.properties).toEqual(toolset.list()[0]?.inputSchema.properties);
  });

  it("exports input schemas that Ajv compiles as JSON Schema 2020-12", async () => {
    const { toolset } = await createTestToolset(catalog, "human");
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: false });
    for (const tool of toolset.render("anthropic", toAnthropicTools)) {
      expect(() => ajv.compile(tool.input_schema), tool.name).not.toThrow();
    }
  });
});
