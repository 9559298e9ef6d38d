import type { Podkit, Toolset } from "@podkit/core";
import { toAiSdkTools } from "@podkit/providers";
import { stepCountIs, streamText } from "ai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BOUND_TALLY, createTallyPodkit } from "../fixtures/tally-feature.js";
import { runAgent } from "../run-agent.js";
import type { ToolCallEntry } from "../transcript.js";
import { ModelScriptSchema } from "./model-script.js";
import { ScriptedLanguageModel } from "./scripted-language-model.js";

let podkit: Podkit;
let coder: Toolset;
let human: Toolset;
beforeEach(async () => {
  ({ podkit, coder, human } = await createTallyPodkit());
});
afterEach(() => podkit.dispose());

function scripted(script: unknown): ScriptedLanguageModel {
  return new ScriptedLanguageModel({ script: ModelScriptSchema.parse(script), modelId: "test-script.json" });
}

/** Reads the tally, creates it when reading says not_found, then says what it saw. */
const CREATE_IF_MISSING = {
  turns: [
    { text: "Reading my tally.", toolCalls: [{ tool: "tally_read", input: { name: BOUND_TALLY } }] },
    [
      {
        when: { tool: "tally_read", code: "not_found" },
        toolCalls: [{ tool: "tally_add", input: { name: BOUND_TALLY, amount: 5 } }],
      },
      { text: "It was already there." },
    ],
    [
      { when: { tool: "tally_add", ok: true, contains: '"value":5' }, text: "Created it at 5." },
      { text: "Odd." },
    ],
  ],
};

describe("ScriptedLanguageModel", () => {
  it("plays its turns through the agent loop, choosing replies by the last tool result", async () => {
    const result = await runAgent({ toolset: coder, model: scripted(CREATE_IF_MISSING), task: "Make sure." });
    expect(result.stopReason).toBe("finished");
    expect(result.text).toBe("Created it at 5.");
    expect(result.model).toEqual({ provider: "scripted", modelId: "test-script.json" });
    expect(
      result.transcript.filter((entry) => entry.type === "tool-call").map((entry) => entry.toolName),
    ).toEqual(["tally_read", "tally_add"]);
    expect(await human.call("tally_read", { name: BOUND_TALLY })).toMatchObject({ output: { value: 5 } });
  });

  it("takes the other reply when the condition does not hold, with the same model instance", async () => {
    const model = scripted(CREATE_IF_MISSING);
    await human.call("tally_add", { name: BOUND_TALLY, amount: 1 });
    const result = await runAgent({ toolset: coder, model, task: "Make sure." });
    expect(result.text).toBe("It was already there.");
    expect(result.usage.steps).toBe(2);
  });

  it("matches a refusal by its code and by what its message contains", async () => {
    const model = scripted({
      turns: [
        { toolCalls: [{ tool: "tally_add", input: { name: "theirs", amount: 1 } }] },
        [
          { when: { code: "not_found" }, text: "Wrong code." },
          { when: { code: "out_of_scope", contains: "theirs" }, text: "Not my tally." },
        ],
      ],
    });
    const result = await runAgent({ toolset: coder, model, task: "Add to theirs." });
    expect(result.text).toBe("Not my tally.");
  });

  it("can branch on the task, so one script serves a first run and a second round", async () => {
    const script = {
      turns: [
        [{ when: { taskContains: "review asked" }, text: "Answering the review." }, { text: "First round." }],
      ],
    };
    const first = await runAgent({ toolset: coder, model: scripted(script), task: "Count." });
    const second = await runAgent({
      toolset: coder,
      model: scripted(script),
      task: "Count. The review asked for more.",
    });
    expect([first.text, second.text]).toEqual(["First round.", "Answering the review."]);
  });

  it("ends the run with script_no_match, naming the turn and the last tool result, when no reply matches", async () => {
    const model = scripted({
      turns: [
        { toolCalls: [{ tool: "tally_read", input: { name: BOUND_TALLY } }] },
        { when: { ok: true }, text: "Read it." },
      ],
    });
    const result = await runAgent({ toolset: coder, model, task: "Read.", maxRetries: 0 });
    expect(result.stopReason).toBe("error");
    expect(result.error?.code).toBe("script_no_match");
    expect(result.error?.message).toContain(
      "Model script 'test-script.json', turn 2: no reply matches. Last tool result: tally_read refused (not_found): not_found: No tally 'mine'.",
    );
  });

  it("ends the run with script_exhausted when asked for a turn past the last", async () => {
    const model = scripted({
      turns: [{ toolCalls: [{ tool: "tally_add", input: { name: BOUND_TALLY, amount: 1 } }] }],
    });
    const result = await runAgent({ toolset: coder, model, task: "Count.", maxRetries: 0 });
    expect(result.stopReason).toBe("error");
    expect(result.error?.code).toBe("script_exhausted");
    expect(result.error?.message).toContain("has 1 turn and was asked for turn 2");
  });

  it("repeats its last turn when told to: a model that never finishes, stopped by the step limit", async () => {
    const model = scripted({
      turns: [{ toolCalls: [{ tool: "tally_add", input: { name: BOUND_TALLY, amount: 1 } }] }],
      afterLastTurn: "repeat",
    });
    const result = await runAgent({ toolset: coder, model, task: "Count.", maxSteps: 4 });
    expect(result.stopReason).toBe("max_steps");
    const last = result.transcript
      .filter((entry): entry is ToolCallEntry => entry.type === "tool-call")
      .at(-1);
    expect(last?.result).toEqual({ ok: true, output: { name: BOUND_TALLY, value: 4 } });
  });

  it("reports the script's usage when given, and an estimate from the prompt's size otherwise", async () => {
    const given = await runAgent({
      toolset: coder,
      model: scripted({ turns: [{ text: "Done.", usage: { inputTokens: 123, outputTokens: 4 } }] }),
      task: "Nothing.",
    });
    expect(given.usage).toMatchObject({ inputTokens: 123, outputTokens: 4 });

    const short = await runAgent({
      toolset: coder,
      model: scripted({ turns: [{ text: "Done." }] }),
      task: "x",
    });
    const long = await runAgent({
      toolset: coder,
      model: scripted({ turns: [{ text: "Done." }] }),
      task: "x".repeat(4_000),
    });
    expect(short.usage.inputTokens).toBeGreaterThan(0);
    // 3,999 more characters at four per token, rounded up on both sides.
    const difference = long.usage.inputTokens - short.usage.inputTokens;
    expect(difference === 999 || difference === 1_000).toBe(true);
  });

  it("streams the same reply through streamText", async () => {
    const result = streamText({
      model: scripted(CREATE_IF_MISSING),
      tools: toAiSdkTools(coder),
      prompt: "Make sure.",
      stopWhen: stepCountIs(5),
    });
    expect(await result.text).toBe("Created it at 5.");
    const steps = await result.steps;
    expect(steps.map((step) => step.toolCalls.map((call) => call.toolName))).toEqual([
      ["tally_read"],
      ["tally_add"],
      [],
    ]);
    expect(steps[0]?.text).toBe("Reading my tally.");
  });

  it("does not answer when the call is already aborted", async () => {
    const model = scripted(CREATE_IF_MISSING);
    await expect(
      model.doGenerate({
        prompt: [{ role: "user", content: [{ type: "text", text: "Make sure." }] }],
        abortSignal: AbortSignal.abort(new Error("stop")),
      }),
    ).rejects.toThrow("stop");
  });
});
