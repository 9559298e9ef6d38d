import { BUILT_IN_ROLES, type Podkit } from "@podkit/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicketPodkit } from "./fixtures/ticket-podkit.js";
import { toMcpTools } from "./mcp-tools.js";

/** The tool name rule MCP clients (and every model provider) accept. */
const PROVIDER_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

let podkit: Podkit;
beforeAll(async () => {
  podkit = await createTicketPodkit();
});
afterAll(() => podkit.dispose());

describe.each(BUILT_IN_ROLES)("the MCP tools of built-in role '%s'", (role) => {
  const toolset = () =>
    podkit.toolset({
      role,
      agentId: `${role}-1`,
      ...(role === "coder" || role === "reviewer" ? { bindings: { ticket: "T-1" } } : {}),
    });

  it("have names every client accepts", () => {
    const names = toMcpTools(toolset()).map((tool) => tool.name);
    expect(names.length).toBe(toolset().list().length);
    expect(names.filter((name) => !PROVIDER_NAME.test(name))).toEqual([]);
  });

  it("have input and output schemas that compile as JSON Schema 2020-12", () => {
    // strictRequired is off: a record keyed by an enum (`relations`) requires its keys through
    // `propertyNames` instead of `properties`; valid 2020-12 that only Ajv's lint objects to.
    const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
    for (const tool of toMcpTools(toolset())) {
      expect(tool.inputSchema.type, tool.name).toBe("object");
      expect(() => ajv.compile(tool.inputSchema), `${tool.name} input`).not.toThrow();
      if (tool.outputSchema !== undefined)
        expect(() => ajv.compile(tool.outputSchema as object), `${tool.name} output`).not.toThrow();
    }
  });
});
