import { BUILT_IN_ROLES, type Podkit } from "@podkit/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { strictArguments } from "./fixtures/strict-arguments.js";
import { createTicketPodkit, roleToolset } from "./fixtures/ticket-toolsets.js";
import { callOpenAiTool, toOpenAiTools } from "./openai-tools.js";

let podkit: Podkit;
beforeEach(async () => {
  podkit = await createTicketPodkit();
});
afterEach(() => podkit.dispose());

const ajv = new Ajv2020({ strict: false, allErrors: true });

describe.each(BUILT_IN_ROLES)("a strict-mode model calling role '%s'", (role) => {
  it("can call every tool: all keys present, optional ones null, and no invalid_input", async () => {
    const toolset = roleToolset(podkit, role);
    const strictParameters = new Map(
      toOpenAiTools(toolset).map((tool) => [tool.function.name, tool.function.parameters]),
    );
    const refusedWithoutMapping: string[] = [];
    for (const descriptor of toolset.list()) {
      const parameters = strictParameters.get(descriptor.name) ?? {};
      const input = strictArguments(parameters) as Record<string, unknown>;
      // What a strict model sends must satisfy the strict schema it was given.
      expect(ajv.validate(parameters, input), `${descriptor.name}: ${ajv.errorsText()}`).toBe(true);
      expect(Object.keys(input).sort()).toEqual(Object.keys(parameters.properties as object).sort());

      const reply = await callOpenAiTool(toolset, {
        id: `call-${descriptor.name}`,
        function: { name: descriptor.name, arguments: JSON.stringify(input) },
      });
      expect(reply.tool_call_id).toBe(`call-${descriptor.name}`);
      // Domain refusals (conflict, not_found, or "cannot relate to itself") are fine; a schema
      // refusal of the arguments, which is what unmapped nulls cause, is not.
      const content = JSON.parse(reply.content) as { error?: { code: string; message: string } };
      expect(isSchemaRefusal(content.error), `${descriptor.name}: ${content.error?.message}`).toBe(false);

      const unmapped = await toolset.call(descriptor.name, input);
      if (!unmapped.ok && unmapped.error.code === "invalid_input")
        refusedWithoutMapping.push(descriptor.name);
    }
    // The nulls matter: without mapping them back to absent, the same calls are refused.
    expect(refusedWithoutMapping.length).toBeGreaterThan(0);
  });
});

it("samples strict arguments with nulls where the schema allows them and values elsewhere", () => {
  const input = strictArguments({
    type: "object",
    properties: {
      ticketId: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$" },
      limit: { type: ["integer", "null"], minimum: 1, maximum: 500 },
      nested: {
        type: "object",
        properties: { kind: { enum: ["a", "b"] }, note: { anyOf: [{ type: "string" }, { type: "null" }] } },
        required: ["kind", "note"],
      },
    },
    required: ["ticketId", "limit", "nested"],
  });
  expect(input).toEqual({ ticketId: "T-1", limit: null, nested: { kind: "a", note: null } });
});

/** The toolset's schema validation failure, as opposed to a domain refusal with the same code. */
function isSchemaRefusal(error: { code: string; message: string } | undefined): boolean {
  return error?.code === "invalid_input" && error.message.startsWith("Invalid input for tool '");
}
