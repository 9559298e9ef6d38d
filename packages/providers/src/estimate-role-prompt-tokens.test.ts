import type { Podkit } from "@podkit/core";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateRolePromptTokens, formatRolePromptCost } from "./estimate-role-prompt-tokens.js";
import { estimateToolListTokens, TOOL_LIST_COST_METHOD } from "./estimate-tool-list-tokens.js";
import { createTicketPodkit, roleToolset } from "./fixtures/ticket-toolsets.js";

let podkit: Podkit;
beforeAll(async () => {
  podkit = await createTicketPodkit();
});
afterAll(() => podkit.dispose());

describe("estimateRolePromptTokens", () => {
  it("counts the role's instructions beside its tool list, and both together", async () => {
    const toolset = roleToolset(podkit, "orchestrator");
    const cost = await estimateRolePromptTokens(toolset);
    const text = toolset.instructions();
    expect(text.length).toBeGreaterThan(500);
    expect(cost.instructions).toEqual({ characters: text.length, tokens: countTokens(text) });
    expect(cost.toolList).toEqual(await estimateToolListTokens(toolset));
    expect(cost.tokens).toBe(cost.instructions.tokens + cost.toolList.tokens);
  });

  it("formats three lines: instructions, tool list, together", () => {
    const lines = formatRolePromptCost({
      instructions: { characters: 1830, tokens: 412 },
      toolList: { tools: 2, characters: 9876, tokens: 2310, method: TOOL_LIST_COST_METHOD },
      tokens: 2722,
    }).split("\n");
    expect(lines).toEqual([
      "Instructions: ~412 tokens (1,830 characters).",
      `Tool list: 2 tools, ~2,310 tokens (${TOOL_LIST_COST_METHOD}; 9,876 characters).`,
      "Together: ~2,722 tokens with every model request.",
    ]);
  });
});
