import type { Podkit } from "@podkit/core";
import { createTestToolset, variedSchemaFeature } from "@podkit/core/testing";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runAnthropicToolUse, toAnthropicTools } from "./anthropic-tools.js";
import { createTicketPodkit, roleToolset } from "./fixtures/ticket-toolsets.js";

let podkit: Podkit;
beforeEach(async () => {
  podkit = await createTicketPodkit();
});
afterEach(() => podkit.dispose());

describe("Anthropic tools", () => {
  it("renders name, description and input_schema for each granted tool", () => {
    const toolset = roleToolset(podkit, "reviewer");
    const tools = toAnthropicTools(toolset);
    expect(tools.map((tool) => Object.keys(tool).sort())).toEqual(
      tools.map(() => ["description", "input_schema", "name"]),
    );
    expect(tools.map((tool) => tool.name)).toEqual(toolset.list().map((tool) => tool.name));
  });

  it("turns a tool_use block into a tool_result with the output", async () => {
    const result = await runAnthropicToolUse(roleToolset(podkit, "coder"), {
      type: "tool_use",
      id: "toolu_1",
      name: "ticket_comment",
      input: { ticketId: "T-1", body: "Plan: add retries.", kind: "plan" },
    });
    expect(result).toEqual({
      type: "tool_result",
      tool_use_id: "toolu_1",
      content: expect.stringContaining('"ticketId":"T-1"'),
    });
    expect(JSON.parse(result.content)).toEqual({ ticketId: "T-1", seq: expect.any(Number) });
  });

  it("marks refusals with is_error and the podkit code", async () => {
    const toolset = roleToolset(podkit, "coder");
    const outOfScope = await runAnthropicToolUse(toolset, {
      type: "tool_use",
      id: "toolu_2",
      name: "ticket_comment",
      input: { ticketId: "T-2", body: "Not mine." },
    });
    expect(outOfScope).toMatchObject({ tool_use_id: "toolu_2", is_error: true });
    expect(outOfScope.content).toMatch(/^out_of_scope: /);
    const ungranted = await runAnthropicToolUse(toolset, {
      type: "tool_use",
      id: "toolu_3",
      name: "ticket_queue",
      input: { ticketId: "T-1" },
    });
    expect(ungranted.content).toMatch(/^unknown_tool: Unknown tool 'ticket_queue'/);
  });
});

describe("Anthropic tool schemas", () => {
  it("keeps records as JSON Schema objects, and ticket_report's details arrive as the model sent them", async () => {
    const orchestrator = roleToolset(podkit, "orchestrator");
    const report = toAnthropicTools(orchestrator).find((tool) => tool.name === "ticket_report");
    expect(report?.input_schema.properties).toMatchObject({
      details: { type: "object", additionalProperties: expect.any(Object) },
    });
    const accepted = await orchestrator.call("ticket_accept", { ticketId: "T-2", requestId: "r-1" });
    const token = accepted.ok ? (accepted.output as { lease: { token: number } }).lease.token : 0;
    const input = {
      ticketId: "T-2",
      token,
      kind: "progress",
      body: "Tests pass.",
      details: { suite: "unit", failed: 0 },
    };
    const validate = new Ajv2020({ strict: false }).compile(report?.input_schema ?? {});
    expect(validate(input), JSON.stringify(validate.errors)).toBe(true);
    const result = await runAnthropicToolUse(orchestrator, {
      type: "tool_use",
      id: "toolu_9",
      name: "ticket_report",
      input,
    });
    expect(result.is_error).toBeUndefined();
    const shown = await roleToolset(podkit, "human").call("ticket_show", { ticketId: "T-2" });
    expect(JSON.stringify(shown)).toContain('"details":{"suite":"unit","failed":0}');
  });

  it("renders name, description and an object input schema without the dialect keyword", async () => {
    const { toolset } = await createTestToolset(variedSchemaFeature, "human");
    const tools = toAnthropicTools(toolset);
    expect(tools.map((tool) => tool.name)).toEqual(["catalog_search", "catalog_count", "catalog_delete"]);
    const [search] = tools;
    expect(search?.description).toBe("Searches catalog entries.");
    expect(search?.input_schema.type).toBe("object");
    expect(search?.input_schema).not.toHaveProperty("$schema");
    expect(search?.input_schema.properties).toEqual(toolset.list()[0]?.inputSchema.properties);
  });

  it("exports input schemas that Ajv compiles as JSON Schema 2020-12", async () => {
    const { toolset } = await createTestToolset(variedSchemaFeature, "human");
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: false });
    for (const tool of toAnthropicTools(toolset)) {
      expect(() => ajv.compile(tool.input_schema), tool.name).not.toThrow();
    }
  });
});
