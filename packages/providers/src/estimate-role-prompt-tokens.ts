import type { Toolset } from "@podkit/core";
import {
  estimateToolListTokens,
  formatToolListCost,
  type ToolListCost,
} from "./estimate-tool-list-tokens.js";

/** What a role's instructions and tool list cost a model on every request, by {@link estimateRolePromptTokens}. */
export interface RolePromptCost {
  /** `toolset.instructions()`: its characters and `o200k_base` tokens. */
  readonly instructions: { readonly characters: number; readonly tokens: number };
  readonly toolList: ToolListCost;
  /** Instructions and tool list together. */
  readonly tokens: number;
}

/**
 * Estimates the tokens a role sends with every model request before any conversation: its
 * instructions (the system prompt, counted as plain text) and its tool list (as
 * {@link estimateToolListTokens} counts it), with the same `o200k_base` encoding.
 */
export async function estimateRolePromptTokens(toolset: Toolset): Promise<RolePromptCost> {
  const toolList = await estimateToolListTokens(toolset);
  const text = toolset.instructions();
  const { countTokens } = await import("gpt-tokenizer/encoding/o200k_base");
  const instructions = { characters: text.length, tokens: text === "" ? 0 : countTokens(text) };
  return { instructions, toolList, tokens: instructions.tokens + toolList.tokens };
}

/** Three lines for a report: the instructions, the tool list ({@link formatToolListCost}) and both together. */
export function formatRolePromptCost(cost: RolePromptCost): string {
  const { instructions } = cost;
  return [
    `Instructions: ~${instructions.tokens.toLocaleString("en-US")} tokens (${instructions.characters.toLocaleString("en-US")} characters).`,
    formatToolListCost(cost.toolList),
    `Together: ~${cost.tokens.toLocaleString("en-US")} tokens with every model request.`,
  ].join("\n");
}
