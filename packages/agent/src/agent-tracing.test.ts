import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { PODKIT_ATTRIBUTES, type Podkit, TOOLSET_CALL_SPAN, type Toolset } from "@podkit/core";
import { recordSpans } from "@podkit/harness/tracing";
import { MockLanguageModelV3 } from "ai/test";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AGENT_OPERATIONS } from "./agent-tracing.js";
import { answer, callTools, usage } from "./fixtures/mock-responses.js";
import { BOUND_TALLY, createTallyPodkit } from "./fixtures/tally-feature.js";
import { runAgent } from "./run-agent.js";

let recorded: ReturnType<typeof recordSpans>;
let podkit: Podkit;
let coder: Toolset;

beforeAll(() => {
  recorded = recordSpans();
});
afterAll(() => recorded.stop());
beforeEach(async () => {
  ({ podkit, coder } = await createTallyPodkit());
  recorded.reset();
});
afterEach(() => podkit.dispose());

function modelAnswering(responses: ReturnType<typeof answer>[]) {
  let calls = 0;
  return new MockLanguageModelV3({
    provider: "mock-provider",
    modelId: "mock-coder",
    doGenerate: async () => {
      const response = responses[calls++];
      if (response === undefined) throw new Error(`the mock model was called ${calls} times`);
      return response;
    },
  });
}

const childrenOf = (parent: ReadableSpan | undefined) =>
  recorded.spans().filter((span) => span.parentSpanContext?.spanId === parent?.spanContext().spanId);

describe("runAgent spans", () => {
  it("trace the run, each model call with its tokens, and each tool call with the toolset's outcome", async () => {
    const result = await runAgent({
      toolset: coder,
      model: modelAnswering([
        callTools([{ toolName: "tally_add", input: { name: BOUND_TALLY, amount: 2 } }], usage(100, 20)),
        callTools([{ toolName: "tally_add", input: { name: "theirs", amount: 1 } }], usage(150, 30)),
        answer("Added 2 to mine; theirs is not mine to change.", usage(200, 40)),
      ]),
      task: "Add 2 to your tally.",
      maxOutputTokens: 500,
    });
    expect(result.stopReason).toBe("finished");

    const [run, ...otherRuns] = recorded.spans().filter((span) => span.name === `invoke_agent coder`);
    expect(otherRuns).toEqual([]);
    expect(run?.attributes).toMatchObject({
      "gen_ai.operation.name": AGENT_OPERATIONS.invokeAgent,
      "gen_ai.agent.name": "coder",
      "gen_ai.request.model": "mock-coder",
      "gen_ai.provider.name": "mock-provider",
      "gen_ai.usage.input_tokens": 450,
      "gen_ai.usage.output_tokens": 90,
      [PODKIT_ATTRIBUTES.role]: "coder",
      [PODKIT_ATTRIBUTES.outcome]: "finished",
    });

    const children = childrenOf(run);
    expect(children.map((span) => span.name)).toEqual([
      "chat mock-coder",
      "execute_tool tally_add",
      "chat mock-coder",
      "execute_tool tally_add",
      "chat mock-coder",
    ]);
    const chats = children.filter((span) => span.name === "chat mock-coder");
    expect(chats.map((span) => span.kind)).toEqual([SpanKind.CLIENT, SpanKind.CLIENT, SpanKind.CLIENT]);
    expect(
      chats.map((span) => [
        span.attributes["gen_ai.usage.input_tokens"],
        span.attributes["gen_ai.usage.output_tokens"],
      ]),
    ).toEqual([
      [100, 20],
      [150, 30],
      [200, 40],
    ]);
    expect(chats[0]?.attributes).toMatchObject({
      "gen_ai.operation.name": AGENT_OPERATIONS.chat,
      "gen_ai.request.max_tokens": 500,
      "gen_ai.response.finish_reasons": ["tool-calls"],
    });
    expect(chats[2]?.attributes["gen_ai.response.finish_reasons"]).toEqual(["stop"]);

    const [added, refused] = children.filter((span) => span.name === "execute_tool tally_add");
    expect(added?.attributes).toMatchObject({
      "gen_ai.operation.name": AGENT_OPERATIONS.executeTool,
      "gen_ai.tool.name": "tally_add",
      "gen_ai.tool.type": "function",
    });
    expect(added?.attributes["gen_ai.tool.call.id"]).toEqual(expect.any(String));
    expect(added?.status.code).toBe(SpanStatusCode.UNSET);
    expect(refused?.status.code).toBe(SpanStatusCode.ERROR);
    expect(refused?.attributes).toMatchObject({
      "error.type": "out_of_scope",
      [PODKIT_ATTRIBUTES.errorCode]: "out_of_scope",
    });
    // Each tool call went through the toolset, a child span of its own with the outcome code.
    expect(childrenOf(added).map((span) => [span.name, span.attributes[PODKIT_ATTRIBUTES.outcome]])).toEqual([
      [TOOLSET_CALL_SPAN, "ok"],
    ]);
    expect(
      childrenOf(refused).map((span) => [span.name, span.attributes[PODKIT_ATTRIBUTES.outcome]]),
    ).toEqual([[TOOLSET_CALL_SPAN, "out_of_scope"]]);
    const traceIds = new Set(recorded.spans().map((span) => span.spanContext().traceId));
    expect(traceIds.size).toBe(1);
  });

  it("mark the run failed when the model call fails", async () => {
    const result = await runAgent({
      toolset: coder,
      model: new MockLanguageModelV3({
        modelId: "broken",
        doGenerate: async () => {
          throw new Error("the provider is down");
        },
      }),
      task: "Add 2 to your tally.",
      maxRetries: 0,
    });
    expect(result.stopReason).toBe("error");
    const [run] = recorded.spans().filter((span) => span.name === "invoke_agent coder");
    expect(run?.status).toEqual({ code: SpanStatusCode.ERROR, message: result.detail });
    expect(run?.attributes[PODKIT_ATTRIBUTES.outcome]).toBe("error");
    const [chat] = childrenOf(run);
    expect(chat?.name).toBe("chat broken");
    expect(chat?.status).toEqual({ code: SpanStatusCode.ERROR, message: "the provider is down" });
  });
});
