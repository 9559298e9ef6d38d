import type { Podkit } from "@podkit/core";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  estimateToolListTokens,
  formatToolListCost,
  TOOL_LIST_COST_METHOD,
} from "./estimate-tool-list-tokens.js";
import { createTicketPodkit, roleToolset } from "./fixtures/ticket-toolsets.js";
import { toOpenAiTools } from "./openai-tools.js";

let podkit: Podkit;
beforeAll(async () => {
  podkit = await createTicketPodkit();
});
afterAll(() => podkit.dispose());

describe("estimateToolListTokens", () => {
  it("counts o200k tokens of the role's OpenAI tool list JSON", async () => {
    const toolset = roleToolset(podkit, "coder");
    const cost = await estimateToolListTokens(toolset);
    const json = JSON.stringify(toOpenAiTools(toolset));
    expect(cost).toEqual({
      tools: toolset.list().length,
      characters: json.length,
      tokens: countTokens(json),
      method: TOOL_LIST_COST_METHOD,
    });
    // JSON tokenizes at a few characters a token; a wildly different ratio means a wrong count.
    expect(cost.characters / cost.tokens).toBeGreaterThan(2);
    expect(cost.characters / cost.tokens).toBeLessThan(6);
  });

  it("grows with the tools a role is granted", async () => {
    const coder = await estimateToolListTokens(roleToolset(podkit, "coder"));
    const human = await estimateToolListTokens(roleToolset(podkit, "human"));
    expect(human.tools).toBeGreaterThan(coder.tools);
    expect(human.tokens).toBeGreaterThan(coder.tokens);
  });

  it("formats the cost as one line that says how it was estimated", () => {
    const line = formatToolListCost({
      tools: 1,
      characters: 12345,
      tokens: 2999,
      method: TOOL_LIST_COST_METHOD,
    });
    expect(line).toBe(`Tool list: 1 tool, ~2,999 tokens (${TOOL_LIST_COST_METHOD}; 12,345 characters).`);
  });
});
