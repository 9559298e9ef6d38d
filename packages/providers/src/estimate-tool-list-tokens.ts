import type { Toolset } from "@podkit/core";
import { toOpenAiTools } from "./openai-tools.js";

/** What a role's tool list costs a model, by {@link estimateToolListTokens}. */
export interface ToolListCost {
  readonly tools: number;
  /** Characters of the compact JSON of the OpenAI strict tool list. */
  readonly characters: number;
  /** `o200k_base` tokens of that JSON (the GPT-4o / GPT-5 encoding). */
  readonly tokens: number;
  /** How `tokens` was estimated, for a report. */
  readonly method: string;
}

export const TOOL_LIST_COST_METHOD =
  "o200k_base tokens of the OpenAI strict tool list as compact JSON, counted by gpt-tokenizer";

/**
 * Estimates the tokens a role's tool list adds to every model request: the OpenAI strict tool list
 * as compact JSON, counted with the `o200k_base` encoding. Providers render tools into the prompt
 * in their own formats, so read it as an estimate for comparing roles and spotting bloat. The
 * tokenizer (a few MB of tables) loads on first use, not when this package is imported.
 */
export async function estimateToolListTokens(toolset: Toolset): Promise<ToolListCost> {
  const tools = toOpenAiTools(toolset);
  const json = JSON.stringify(tools);
  const { countTokens } = await import("gpt-tokenizer/encoding/o200k_base");
  return {
    tools: tools.length,
    characters: json.length,
    tokens: countTokens(json),
    method: TOOL_LIST_COST_METHOD,
  };
}

/** One line for a report: `Tool list: 2 tools, ~312 tokens (o200k_base tokens of …; 1,194 characters).` */
export function formatToolListCost(cost: ToolListCost): string {
  const tools = `${cost.tools} tool${cost.tools === 1 ? "" : "s"}`;
  return `Tool list: ${tools}, ~${cost.tokens.toLocaleString("en-US")} tokens (${cost.method}; ${cost.characters.toLocaleString("en-US")} characters).`;
}
