import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { type Podkit, ToolRefusedError } from "@podkit/core";
import { generateText, stepCountIs } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toAiSdkTools } from "./ai-sdk-tools.js";
import { createTicketPodkit, roleToolset } from "./fixtures/ticket-toolsets.js";

let podkit: Podkit;
beforeEach(async () => {
  podkit = await createTicketPodkit();
});
afterEach(() => podkit.dispose());

const USAGE = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/** A model that calls one tool, then answers with text once it has the result. */
function modelCalling(toolName: string, input: unknown) {
  const responses: LanguageModelV3GenerateResult[] = [
    {
      content: [{ type: "tool-call", toolCallId: "call-1", toolName, input: JSON.stringify(input) }],
      finishReason: { unified: "tool-calls", raw: "tool_calls" },
      usage: USAGE,
      warnings: [],
    },
    {
      content: [{ type: "text", text: "Done." }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: USAGE,
      warnings: [],
    },
  ];
  const calls: LanguageModelV3CallOptions[] = [];
  const model = new MockLanguageModelV3({
    doGenerate: async (options) => {
      calls.push(options);
      const response = responses[calls.length - 1];
      if (response === undefined) throw new Error("the mock model was called too often");
      return response;
    },
  });
  return { model, calls };
}

/** The tool result the model received in its second request. */
function toolResultSentBack(calls: readonly LanguageModelV3CallOptions[]) {
  const message = calls[1]?.prompt.find((entry) => entry.role === "tool");
  const part = message?.role === "tool" ? message.content[0] : undefined;
  if (part?.type !== "tool-result")
    throw new Error(`no tool result was sent back: ${JSON.stringify(message)}`);
  return part;
}

describe("toAiSdkTools", () => {
  it("offers the role's tools to the model with their JSON Schemas", async () => {
    const toolset = roleToolset(podkit, "coder");
    const { model, calls } = modelCalling("ticket_show", { ticketId: "T-1" });
    await generateText({
      model,
      tools: toAiSdkTools(toolset),
      prompt: "Look at T-1.",
      stopWhen: stepCountIs(2),
    });
    const offered = calls[0]?.tools ?? [];
    expect(offered.map((tool) => tool.name)).toEqual(toolset.list().map((tool) => tool.name));
    const show = offered.find((tool) => tool.name === "ticket_show");
    expect(show).toMatchObject({ type: "function", inputSchema: { type: "object", required: ["ticketId"] } });
  });

  it("runs a model's tool call through the toolset and hands the result back to the model", async () => {
    const { model, calls } = modelCalling("ticket_comment", {
      ticketId: "T-1",
      body: "Plan: retries.",
      kind: "plan",
    });
    const result = await generateText({
      model,
      tools: toAiSdkTools(roleToolset(podkit, "coder")),
      prompt: "Write your plan on T-1.",
      stopWhen: stepCountIs(2),
    });
    expect(result.text).toBe("Done.");
    expect(result.steps[0]?.toolResults).toEqual([
      expect.objectContaining({
        toolName: "ticket_comment",
        output: { ticketId: "T-1", seq: expect.any(Number) },
      }),
    ]);
    expect(toolResultSentBack(calls).output).toEqual({
      type: "json",
      value: { ticketId: "T-1", seq: expect.any(Number) },
    });
    const shown = await roleToolset(podkit, "human").call("ticket_show", { ticketId: "T-1" });
    expect(JSON.stringify(shown)).toContain("Plan: retries.");
  });

  it("returns a refusal to the model as a tool error with the podkit code", async () => {
    const { model, calls } = modelCalling("ticket_comment", { ticketId: "T-2", body: "Not mine." });
    const result = await generateText({
      model,
      tools: toAiSdkTools(roleToolset(podkit, "coder")),
      prompt: "Comment on T-2.",
      stopWhen: stepCountIs(2),
    });
    const toolError = result.steps[0]?.content.find((part) => part.type === "tool-error");
    const refusal = toolError?.type === "tool-error" ? toolError.error : undefined;
    expect(ToolRefusedError.isInstance(refusal)).toBe(true);
    expect(ToolRefusedError.isInstance(refusal) && [refusal.tool, refusal.code]).toEqual([
      "ticket_comment",
      "out_of_scope",
    ]);
    expect(toolResultSentBack(calls).output).toEqual({
      type: "error-text",
      value: expect.stringMatching(/^out_of_scope: /),
    });
  });
});
