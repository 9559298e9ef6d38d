import type {
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3ToolResultOutput,
} from "@ai-sdk/provider";
import type { Podkit, Toolset } from "@podkit/core";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentError } from "./agent-error.js";
import { answer, callTools, usage } from "./fixtures/mock-responses.js";
import { BOUND_TALLY, createTallyPodkit } from "./fixtures/tally-feature.js";
import { runAgent } from "./run-agent.js";
import type { ToolCallEntry, TranscriptEntry } from "./transcript.js";

let podkit: Podkit;
let coder: Toolset;
let human: Toolset;
beforeEach(async () => {
  ({ podkit, coder, human } = await createTallyPodkit());
});
afterEach(() => podkit.dispose());

/** A mock model that answers its Nth call with the Nth response (a value or a function of the call). */
function modelAnswering(
  responses: readonly (
    | LanguageModelV3GenerateResult
    | ((options: LanguageModelV3CallOptions) => Promise<LanguageModelV3GenerateResult>)
  )[],
) {
  let calls = 0;
  return new MockLanguageModelV3({
    modelId: "mock-coder",
    doGenerate: async (options) => {
      const response = responses[calls++];
      if (response === undefined) throw new Error(`the mock model was called ${calls} times`);
      return typeof response === "function" ? response(options) : response;
    },
  });
}

/** The tool results the model received in a call, by tool name. */
function toolResultsSeen(
  options: LanguageModelV3CallOptions | undefined,
): Map<string, LanguageModelV3ToolResultOutput> {
  const seen = new Map<string, LanguageModelV3ToolResultOutput>();
  const lastToolMessage = options?.prompt.filter((message) => message.role === "tool").at(-1);
  if (lastToolMessage?.role !== "tool") return seen;
  for (const part of lastToolMessage.content)
    if (part.type === "tool-result") seen.set(part.toolName, part.output);
  return seen;
}

function toolEntries(transcript: readonly TranscriptEntry[]): ToolCallEntry[] {
  return transcript.filter((entry): entry is ToolCallEntry => entry.type === "tool-call");
}

describe("runAgent", () => {
  it("offers exactly the role's tools, runs the model's calls through the toolset and finishes", async () => {
    const model = modelAnswering([
      callTools([{ toolName: "tally_add", input: { name: BOUND_TALLY, amount: 2 } }]),
      callTools([{ toolName: "tally_read", input: { name: BOUND_TALLY } }]),
      answer("The tally is 2."),
    ]);
    const result = await runAgent({
      toolset: coder,
      model,
      instructions: "You keep tallies.",
      task: "Add 2 to your tally.",
    });

    expect(result.stopReason).toBe("finished");
    expect(result.text).toBe("The tally is 2.");
    const first = model.doGenerateCalls[0];
    expect(first?.tools?.map((tool) => tool.name)).toEqual(["tally_read", "tally_add"]);
    expect(first?.prompt).toEqual([
      { role: "system", content: "You keep tallies." },
      { role: "user", content: [{ type: "text", text: "Add 2 to your tally." }] },
    ]);
    expect(result.transcript).toEqual([
      {
        type: "model-step",
        step: 1,
        provider: "mock-provider",
        modelId: "mock-coder",
        text: "",
        toolCalls: [{ toolCallId: expect.any(String), toolName: "tally_add" }],
        finishReason: "tool-calls",
        usage: { inputTokens: 10, outputTokens: 5 },
      },
      {
        type: "tool-call",
        step: 1,
        toolCallId: expect.any(String),
        toolName: "tally_add",
        input: { name: BOUND_TALLY, amount: 2 },
        result: { ok: true, output: { name: BOUND_TALLY, value: 2 } },
      },
      expect.objectContaining({ type: "model-step", step: 2 }),
      expect.objectContaining({
        type: "tool-call",
        step: 2,
        toolName: "tally_read",
        result: { ok: true, output: { name: BOUND_TALLY, value: 2 } },
      }),
      expect.objectContaining({ type: "model-step", step: 3, text: "The tally is 2.", finishReason: "stop" }),
    ]);
    expect(result.usage).toEqual({
      inputTokens: 30,
      outputTokens: 15,
      totalTokens: 45,
      steps: 3,
      toolCalls: 2,
    });
    expect(result.model).toEqual({ provider: "mock-provider", modelId: "mock-coder" });
    expect(await human.call("tally_read", { name: BOUND_TALLY })).toEqual({
      ok: true,
      output: { name: BOUND_TALLY, value: 2 },
    });
  });

  it("returns the whole result as JSON: nothing is lost writing it as a JSON line", async () => {
    const model = modelAnswering([
      callTools([{ toolName: "tally_read", input: { name: "theirs" } }]),
      answer("Not mine."),
    ]);
    const result = await runAgent({ toolset: coder, model, task: "Read their tally." });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("returns refusals to the model as tool errors with the toolset's code, and the model can act on them", async () => {
    const model = modelAnswering([
      callTools([
        { toolName: "tally_add", input: { name: "theirs", amount: 1 } },
        { toolName: "tally_read", input: { name: BOUND_TALLY } },
        { toolName: "tally_reset", input: {} },
        { toolName: "tally_add", input: { name: BOUND_TALLY, amount: 1000 } },
      ]),
      // The model reads the refusals it was sent, and creates its tally because reading it said not_found.
      async (options) => {
        const seen = toolResultsSeen(options);
        const read = seen.get("tally_read");
        return read?.type === "error-text" && read.value.startsWith("not_found: ")
          ? callTools([{ toolName: "tally_add", input: { name: BOUND_TALLY, amount: 1 } }])
          : answer("I could not tell what went wrong.");
      },
      answer("Created my tally."),
    ]);
    const result = await runAgent({ toolset: coder, model, task: "Tidy the tallies." });

    const seen = toolResultsSeen(model.doGenerateCalls[1]);
    expect(seen.get("tally_add")).toEqual({
      type: "error-text",
      value: expect.stringMatching(/^invalid_input: /),
    });
    expect(seen.get("tally_read")).toEqual({
      type: "error-text",
      value: expect.stringMatching(/^not_found: /),
    });
    // A tool the role lacks is not offered, so the AI SDK answers it as unavailable, like any unknown name.
    expect(seen.get("tally_reset")).toEqual({
      type: "error-text",
      value: expect.stringContaining("unavailable tool 'tally_reset'"),
    });
    const [outOfScope] =
      model.doGenerateCalls[1]?.prompt.flatMap((message) =>
        message.role === "tool"
          ? message.content.filter((part) => part.type === "tool-result" && part.toolName === "tally_add")
          : [],
      ) ?? [];
    expect(outOfScope).toMatchObject({
      output: { type: "error-text", value: expect.stringMatching(/^out_of_scope: /) },
    });

    const refusals = toolEntries(result.transcript)
      .filter((entry) => entry.step === 1)
      .map((entry) => (entry.result?.ok === false ? entry.result.error.code : "ok"));
    expect(refusals).toEqual(["out_of_scope", "not_found", "unknown_tool", "invalid_input"]);
    expect(result.stopReason).toBe("finished");
    expect(result.text).toBe("Created my tally.");
    expect(await human.call("tally_read", { name: "theirs" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await human.call("tally_read", { name: BOUND_TALLY })).toEqual({
      ok: true,
      output: { name: BOUND_TALLY, value: 1 },
    });
  });

  it("records arguments that are not JSON as invalid_input, with the message the model was sent", async () => {
    const garbled = callTools([{ toolName: "tally_add", input: {} }]);
    const [call] = garbled.content;
    if (call?.type !== "tool-call") throw new Error("expected a tool call");
    const model = modelAnswering([
      { ...garbled, content: [{ ...call, input: '{"name": "mine", amount: ' }] },
      answer("Sorry."),
    ]);
    const result = await runAgent({ toolset: coder, model, task: "Count." });

    const sent = [...toolResultsSeen(model.doGenerateCalls[1]).values()][0];
    expect(sent?.type).toBe("error-text");
    expect(toolEntries(result.transcript)).toEqual([
      expect.objectContaining({
        toolName: "tally_add",
        input: '{"name": "mine", amount: ',
        result: {
          ok: false,
          error: { code: "invalid_input", message: sent?.type === "error-text" ? sent.value : "" },
        },
      }),
    ]);
    expect(await human.call("tally_read", { name: BOUND_TALLY })).toMatchObject({
      error: { code: "not_found" },
    });
  });

  it("stops at the step limit when the model keeps calling tools, after running the last step's calls", async () => {
    const model = new MockLanguageModelV3({
      doGenerate: async () => callTools([{ toolName: "tally_add", input: { name: BOUND_TALLY, amount: 1 } }]),
    });
    const result = await runAgent({ toolset: coder, model, task: "Count forever.", maxSteps: 3 });

    expect(result.stopReason).toBe("max_steps");
    expect(result.detail).toContain("step limit of 3");
    expect(model.doGenerateCalls).toHaveLength(3);
    expect(result.usage.steps).toBe(3);
    expect(toolEntries(result.transcript).map((entry) => entry.result)).toEqual([
      { ok: true, output: { name: BOUND_TALLY, value: 1 } },
      { ok: true, output: { name: BOUND_TALLY, value: 2 } },
      { ok: true, output: { name: BOUND_TALLY, value: 3 } },
    ]);
  });

  it("stops once input + output tokens reach the budget, capping each call's output at what is left", async () => {
    const model = new MockLanguageModelV3({
      doGenerate: async () =>
        callTools([{ toolName: "tally_add", input: { name: BOUND_TALLY, amount: 1 } }], usage(40, 10)),
    });
    const result = await runAgent({
      toolset: coder,
      model,
      task: "Count.",
      maxSteps: 10,
      maxOutputTokens: 64,
      tokenBudget: 120,
    });

    // 50 after one call, 100 after two (under 120, so a third starts), 150 after three: stop.
    expect(result.stopReason).toBe("budget");
    expect(result.detail).toBe("Used 150 tokens (input + output) of a budget of 120.");
    expect(model.doGenerateCalls.map((call) => call.maxOutputTokens)).toEqual([64, 64, 20]);
    expect(result.usage).toMatchObject({ inputTokens: 120, outputTokens: 30, totalTokens: 150, steps: 3 });
  });

  it("reports a call cut off at maxOutputTokens", async () => {
    const model = modelAnswering([
      { ...answer("The tally is"), finishReason: { unified: "length", raw: "max_tokens" } },
    ]);
    const result = await runAgent({ toolset: coder, model, task: "Explain.", maxOutputTokens: 3 });
    expect(result.stopReason).toBe("max_output_tokens");
    expect(model.doGenerateCalls[0]?.maxOutputTokens).toBe(3);
  });

  it("aborts a model call in flight when the signal fires, keeping the transcript of the finished steps", async () => {
    const controller = new AbortController();
    let secondCallStarted!: () => void;
    const waiting = new Promise<void>((resolve) => {
      secondCallStarted = resolve;
    });
    const model = modelAnswering([
      callTools([{ toolName: "tally_add", input: { name: BOUND_TALLY, amount: 1 } }]),
      (options) =>
        new Promise((_resolve, reject) => {
          options.abortSignal?.addEventListener("abort", () => reject(options.abortSignal?.reason));
          secondCallStarted();
        }),
    ]);
    const run = runAgent({ toolset: coder, model, task: "Count.", signal: controller.signal });
    await waiting;
    controller.abort(new Error("lease lost"));
    const result = await run;

    expect(result.stopReason).toBe("aborted");
    expect(result.detail).toBe("Aborted: lease lost");
    expect(result.usage.steps).toBe(1);
    expect(toolEntries(result.transcript)).toEqual([
      expect.objectContaining({
        toolName: "tally_add",
        result: { ok: true, output: { name: BOUND_TALLY, value: 1 } },
      }),
    ]);
  });

  it("calls no model when the signal is already aborted", async () => {
    const model = modelAnswering([answer("Too late.")]);
    const result = await runAgent({
      toolset: coder,
      model,
      task: "Count.",
      signal: AbortSignal.abort(new Error("lease lost before start")),
    });
    expect(result.stopReason).toBe("aborted");
    expect(result.detail).toBe("Aborted: lease lost before start");
    expect(result.transcript).toEqual([]);
  });

  it("ends with error, and the error, when a model call fails", async () => {
    const model = modelAnswering([
      callTools([{ toolName: "tally_add", input: { name: BOUND_TALLY, amount: 1 } }]),
      async () => {
        throw new TypeError("the provider is down");
      },
    ]);
    const result = await runAgent({ toolset: coder, model, task: "Count.", maxRetries: 0 });
    expect(result.stopReason).toBe("error");
    expect(result.error).toEqual({ name: "TypeError", message: "the provider is down" });
    expect(result.usage.steps).toBe(1);
  });

  it("streams each transcript entry to onEntry in order, and stops with error when onEntry throws", async () => {
    const seen: string[] = [];
    const model = modelAnswering([
      callTools([{ toolName: "tally_add", input: { name: BOUND_TALLY, amount: 1 } }]),
      callTools([{ toolName: "tally_add", input: { name: BOUND_TALLY, amount: 1 } }]),
      answer("Unreachable."),
    ]);
    const result = await runAgent({
      toolset: coder,
      model,
      task: "Count.",
      onEntry: async (entry) => {
        seen.push(`${entry.type}@${entry.step}`);
        if (entry.step === 2 && entry.type === "tool-call") throw new Error("the log disk is full");
      },
    });
    expect(seen).toEqual(["model-step@1", "tool-call@1", "model-step@2", "tool-call@2"]);
    expect(result.stopReason).toBe("error");
    expect(result.detail).toBe("onEntry failed: the log disk is full");
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it("refuses limits that are not positive integers before calling the model", async () => {
    const model = modelAnswering([answer("Never.")]);
    const attempt = runAgent({ toolset: coder, model, task: "Count.", maxSteps: 0, tokenBudget: 1.5 });
    await expect(attempt).rejects.toSatisfy(
      (error) =>
        AgentError.isInstance(error) &&
        error.code === "invalid_agent_config" &&
        error.message.includes("maxSteps") &&
        error.message.includes("tokenBudget"),
    );
    expect(model.doGenerateCalls).toHaveLength(0);
  });
});
