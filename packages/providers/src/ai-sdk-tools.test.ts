import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { type Podkit, ToolRefusedError } from "@podkit/core";
import { generateText, stepCountIs } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toAiSdkTools } from "./ai-sdk-tools.js";
import { createTicketPodkit, roleToolset } from "./fixtures/ticket-toolsets.js";
import { checkStrictSchema } from "./strict/check-strict-schema.js";
import { PORTABLE_STRICT } from "./strict/strict-profile.js";

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
  it("offers the role's tools in strict mode when asked, with schemas OpenAI and Anthropic both accept", async () => {
    const toolset = roleToolset(podkit, "coder");
    const { model, calls } = modelCalling("ticket_show", {
      ticketId: "T-1",
      historyLimit: null,
      bodyLimit: null,
    });
    await generateText({
      model,
      tools: toAiSdkTools(toolset, { strict: true }),
      prompt: "Look at T-1.",
      stopWhen: stepCountIs(2),
    });
    const offered = calls[0]?.tools ?? [];
    expect(offered.map((tool) => tool.name)).toEqual(toolset.list().map((tool) => tool.name));
    const show = offered.find((tool) => tool.name === "ticket_show");
    expect(show).toMatchObject({
      type: "function",
      strict: true,
      inputSchema: {
        type: "object",
        required: ["ticketId", "historyLimit", "historyBefore", "bodyLimit"],
        additionalProperties: false,
      },
    });
    for (const tool of offered)
      expect(
        tool.type === "function" && checkStrictSchema(tool.inputSchema as never, PORTABLE_STRICT),
        tool.name,
      ).toEqual([]);
  });

  it("offers the tools' own JSON Schemas with strict: false by default", async () => {
    const toolset = roleToolset(podkit, "coder");
    const { model, calls } = modelCalling("ticket_show", { ticketId: "T-1" });
    await generateText({
      model,
      tools: toAiSdkTools(toolset),
      prompt: "Look at T-1.",
      stopWhen: stepCountIs(2),
    });
    const show = calls[0]?.tools?.find((tool) => tool.name === "ticket_show");
    expect(show).toMatchObject({
      type: "function",
      strict: false,
      inputSchema: { type: "object", required: ["ticketId"] },
    });
    expect(toolResultSentBack(calls).output).toMatchObject({
      type: "json",
      value: { ticket: { id: "T-1" } },
    });
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

  it("maps a record a strict tool's caller gave as {key, value} entries back before the toolset sees it", async () => {
    const orchestrator = roleToolset(podkit, "orchestrator");
    const accepted = await orchestrator.call("ticket_accept", { ticketId: "T-2", requestId: "r-1" });
    const token = accepted.ok ? (accepted.output as { lease: { token: number } }).lease.token : 0;
    const { model } = modelCalling("ticket_report", {
      ticketId: "T-2",
      token,
      kind: "progress",
      body: "Worktree ready.",
      details: [
        { key: "step", value: "worktree" },
        { key: "attempt", value: 2 },
        { key: "clean", value: true },
      ],
    });
    const tools = toAiSdkTools(orchestrator, { strict: (tool) => tool.name === "ticket_report" });
    expect(Object.keys(tools).filter((name) => tools[name]?.strict === true)).toEqual(["ticket_report"]);
    const result = await generateText({
      model,
      tools,
      prompt: "Report progress on T-2.",
      stopWhen: stepCountIs(2),
    });
    expect(result.steps[0]?.toolResults).toEqual([
      expect.objectContaining({
        toolName: "ticket_report",
        output: { ticketId: "T-2", seq: expect.any(Number) },
      }),
    ]);
    const shown = await roleToolset(podkit, "human").call("ticket_show", { ticketId: "T-2" });
    const events = shown.ok
      ? (shown.output as { history: { events: { data?: unknown }[] } }).history.events
      : [];
    expect(events.at(-1)?.data).toMatchObject({ details: { step: "worktree", attempt: 2, clean: true } });
  });

  it("asks for approval of no tool by default", () => {
    const tools = toAiSdkTools(roleToolset(podkit, "human"));
    expect(Object.values(tools).filter((tool) => tool.needsApproval !== false)).toEqual([]);
  });

  it("holds a destructive tool for approval when asked, and does not run it", async () => {
    const human = roleToolset(podkit, "human");
    const tools = toAiSdkTools(human, { needsApproval: "destructive" });
    expect(Object.keys(tools).filter((name) => tools[name]?.needsApproval === true)).toEqual(
      human
        .list()
        .filter((tool) => tool.hints.destructive)
        .map((tool) => tool.name),
    );
    expect(tools.ticket_close?.needsApproval).toBe(true);
    const { model } = modelCalling("ticket_close", { ticketId: "T-1", resolution: "Not needed." });
    const result = await generateText({ model, tools, prompt: "Close T-1.", stopWhen: stepCountIs(2) });
    expect(result.steps[0]?.content).toContainEqual(
      expect.objectContaining({
        type: "tool-approval-request",
        toolCall: expect.objectContaining({ toolName: "ticket_close" }),
      }),
    );
    expect(result.steps[0]?.toolResults).toEqual([]);
    const shown = await human.call("ticket_show", { ticketId: "T-1" });
    expect(shown).toMatchObject({ ok: true, output: { ticket: { state: "planning" } } });
  });

  it("holds every tool that is not read-only with 'writes', or what a predicate picks", () => {
    const human = roleToolset(podkit, "human");
    const writes = toAiSdkTools(human, { needsApproval: "writes" });
    const held = (tools: typeof writes) =>
      Object.keys(tools).filter((name) => tools[name]?.needsApproval === true);
    expect(held(writes)).toEqual(
      human
        .list()
        .filter((tool) => !tool.hints.readOnly)
        .map((tool) => tool.name),
    );
    expect(held(writes)).toContain("ticket_comment");
    expect(held(writes)).not.toContain("ticket_show");
    const picked = toAiSdkTools(human, { needsApproval: (tool) => tool.name === "ticket_queue" });
    expect(held(picked)).toEqual(["ticket_queue"]);
  });
});
