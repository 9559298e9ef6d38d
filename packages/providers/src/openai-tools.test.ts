import type { Podkit } from "@podkit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTicketPodkit, roleToolset } from "./fixtures/ticket-toolsets.js";
import { callOpenAiTool, toOpenAiResponsesTools, toOpenAiTools } from "./openai-tools.js";

let podkit: Podkit;
beforeEach(async () => {
  podkit = await createTicketPodkit();
});
afterEach(() => podkit.dispose());

function chatCall(name: string, args: string) {
  return { id: "call_1", type: "function" as const, function: { name, arguments: args } };
}

describe("toOpenAiTools", () => {
  it("renders the granted tools once per registry generation, in a new array each call", () => {
    const toolset = roleToolset(podkit, "coder");
    const tools = toOpenAiTools(toolset);
    expect(tools.map((tool) => tool.function.name)).toEqual(toolset.list().map((tool) => tool.name));
    const again = toOpenAiTools(toolset);
    expect(again).not.toBe(tools);
    expect(again.every((tool, index) => tool === tools[index])).toBe(true);
  });

  it("renders the same tools in the Responses API's flat shape", () => {
    const toolset = roleToolset(podkit, "coder");
    const responses = toOpenAiResponsesTools(toolset);
    expect(responses).toEqual(toOpenAiTools(toolset).map((tool) => ({ type: "function", ...tool.function })));
    expect(
      responses.every(
        (tool) => Object.keys(tool).sort().join() === "description,name,parameters,strict,type",
      ),
    ).toBe(true);
  });
});

describe("callOpenAiTool", () => {
  it("answers a Chat Completions tool call with a tool message carrying the output JSON", async () => {
    const toolset = roleToolset(podkit, "orchestrator");
    const args = JSON.stringify({ ticketId: "T-2", requestId: "r-1", leaseMs: null });
    const message = await callOpenAiTool(toolset, chatCall("ticket_accept", args));
    expect(message).toMatchObject({ role: "tool", tool_call_id: "call_1" });
    expect(JSON.parse(message.content)).toMatchObject({ ticket: { id: "T-2", state: "inprogress" } });
  });

  it("answers a Responses API function_call with a function_call_output", async () => {
    const toolset = roleToolset(podkit, "coder");
    const output = await callOpenAiTool(toolset, {
      type: "function_call",
      id: "fc_1",
      call_id: "call_9",
      name: "ticket_show",
      arguments: JSON.stringify({ ticketId: "T-1", historyLimit: null, bodyLimit: null }),
    });
    expect(output).toMatchObject({ type: "function_call_output", call_id: "call_9" });
    expect(JSON.parse(output.output)).toMatchObject({ ticket: { id: "T-1", state: "planning" } });
  });

  it("returns arguments that are not JSON as a structured invalid_input", async () => {
    const message = await callOpenAiTool(
      roleToolset(podkit, "coder"),
      chatCall("ticket_show", '{"ticketId": "T-1"'),
    );
    const { error } = JSON.parse(message.content);
    expect(error.code).toBe("invalid_input");
    expect(error.message).toMatch(/^Invalid input for tool 'ticket_show': the arguments are not valid JSON/);
  });

  it("answers a tool the role lacks as unknown, whatever its arguments", async () => {
    const toolset = roleToolset(podkit, "coder");
    const broken = await callOpenAiTool(toolset, chatCall("ticket_accept", "{not json"));
    const unknown = await callOpenAiTool(toolset, chatCall("no_such_tool", "{}"));
    expect(JSON.parse(broken.content).error.code).toBe("unknown_tool");
    expect(broken.content.replaceAll("ticket_accept", "no_such_tool")).toBe(unknown.content);
  });

  it("treats empty arguments as an empty object and returns refusals as an error object", async () => {
    const message = await callOpenAiTool(roleToolset(podkit, "coder"), chatCall("ticket_comment", ""));
    const { error } = JSON.parse(message.content);
    expect(error.code).toBe("invalid_input");
    expect(error.message).toContain("ticketId");
    const scoped = await callOpenAiTool(
      roleToolset(podkit, "coder"),
      chatCall("ticket_comment", JSON.stringify({ ticketId: "T-2", body: "Hi.", kind: null })),
    );
    expect(JSON.parse(scoped.content).error.code).toBe("out_of_scope");
  });

  it("maps ticket_report's details, given as {key, value} entries, back to a record (Chat and Responses)", async () => {
    const orchestrator = roleToolset(podkit, "orchestrator");
    const accepted = await orchestrator.call("ticket_accept", { ticketId: "T-2", requestId: "r-1" });
    const token = accepted.ok ? (accepted.output as { lease: { token: number } }).lease.token : 0;
    const report = (body: string, details: unknown) =>
      JSON.stringify({ ticketId: "T-2", token, kind: "progress", body, details });
    const chat = await callOpenAiTool(
      orchestrator,
      chatCall(
        "ticket_report",
        report("Worktree ready.", [
          { key: "path", value: "/w/T-2" },
          { key: "files", value: 3 },
        ]),
      ),
    );
    expect(JSON.parse(chat.content)).toEqual({ ticketId: "T-2", seq: expect.any(Number) });
    const responses = await callOpenAiTool(orchestrator, {
      type: "function_call",
      call_id: "call_2",
      name: "ticket_report",
      arguments: report("Nothing to add.", null),
    });
    expect(JSON.parse(responses.output)).toEqual({ ticketId: "T-2", seq: expect.any(Number) });

    const shown = await roleToolset(podkit, "human").call("ticket_show", { ticketId: "T-2" });
    const events = shown.ok
      ? (shown.output as { history: { events: { body?: string; data?: unknown }[] } }).history.events
      : [];
    const details = events
      .slice(-2)
      .map((event) => [event.body, (event.data as { details?: unknown } | undefined)?.details]);
    expect(details).toEqual([
      ["Worktree ready.", { path: "/w/T-2", files: 3 }],
      ["Nothing to add.", undefined],
    ]);
  });
});
