import type { Podkit } from "@podkit/core";
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
