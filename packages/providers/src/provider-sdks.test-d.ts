import type Anthropic from "@anthropic-ai/sdk";
import type { Toolset } from "@podkit/core";
import type OpenAI from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import type { FunctionTool, ResponseInputItem } from "openai/resources/responses/responses";
import { describe, expectTypeOf, it } from "vitest";
import { runAnthropicToolUse, toAnthropicTools } from "./anthropic-tools.js";
import { callOpenAiTool, toOpenAiResponsesTools, toOpenAiTools } from "./openai-tools.js";

// The rendered lists are passed to the official SDKs as they are: no cast, no mapping. A field
// renamed or a shape mixed up (the Chat Completions tool for the Responses API) fails to compile.
declare const toolset: Toolset;

describe("the tool lists against the official SDKs' types", () => {
  it("hands toOpenAiTools to chat.completions.create and answers its tool calls", () => {
    expectTypeOf(toOpenAiTools(toolset)).toExtend<ChatCompletionTool[]>();
    expectTypeOf(toOpenAiTools(toolset)).not.toExtend<FunctionTool[]>();
    const _chat = async (openai: OpenAI, messages: ChatCompletionMessageParam[]) => {
      const completion = await openai.chat.completions.create({
        model: "gpt-4.1",
        messages,
        tools: toOpenAiTools(toolset),
      });
      for (const call of completion.choices[0]?.message.tool_calls ?? [])
        if (call.type === "function") messages.push(await callOpenAiTool(toolset, call));
    };
  });

  it("hands toOpenAiResponsesTools to responses.create and answers its function_call items", () => {
    expectTypeOf(toOpenAiResponsesTools(toolset)).toExtend<FunctionTool[]>();
    expectTypeOf(toOpenAiResponsesTools(toolset)).not.toExtend<ChatCompletionTool[]>();
    const _responses = async (openai: OpenAI, input: ResponseInputItem[]) => {
      const response = await openai.responses.create({
        model: "gpt-4.1",
        input,
        tools: toOpenAiResponsesTools(toolset),
      });
      for (const item of response.output)
        if (item.type === "function_call") input.push(await callOpenAiTool(toolset, item));
    };
  });

  it("hands toAnthropicTools to messages.create and answers its tool_use blocks", () => {
    expectTypeOf(toAnthropicTools(toolset)).toExtend<Anthropic.Messages.Tool[]>();
    const _messages = async (anthropic: Anthropic, messages: Anthropic.Messages.MessageParam[]) => {
      const message = await anthropic.messages.create({
        model: "claude-sonnet-4-5",
        max_tokens: 1024,
        messages,
        tools: toAnthropicTools(toolset),
      });
      const results: Anthropic.Messages.ToolResultBlockParam[] = [];
      for (const block of message.content)
        if (block.type === "tool_use") results.push(await runAnthropicToolUse(toolset, block));
      messages.push({ role: "user", content: results });
    };
  });
});
