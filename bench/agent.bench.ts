import { createPodkit, defineFeature } from "@podkit/core";
import { generateText, type LanguageModel, stepCountIs, tool } from "ai";
import { z } from "zod";
import { runAgent } from "../packages/agent/src/index.js";
import { ADD_SAMPLE_INPUT, addInputShape, createAddTool, handleAdd } from "./add-tool.js";
import type { BenchContext } from "./bench-context.js";
import { medianNsPerCall } from "./measure.js";

const TOOL = "notes_add";
const TASK = "Add a note about the agent benchmark.";
const TARGETS = { agentStepOverDirect: 1.3 };

type ModelV3 = Extract<LanguageModel, { readonly specificationVersion: "v3" }>;

/**
 * A model that answers every call at once with one call of the benchmark tool: no network, no
 * record of calls (so nothing grows as the batches run), the same for both variants.
 */
function toolCallingModel(): ModelV3 {
  let sequence = 0;
  const input = JSON.stringify(ADD_SAMPLE_INPUT);
  return {
    specificationVersion: "v3",
    provider: "bench",
    modelId: "tool-caller",
    supportedUrls: {},
    doGenerate: async () => ({
      content: [{ type: "tool-call", toolCallId: `call-${++sequence}`, toolName: TOOL, input }],
      finishReason: { unified: "tool-calls", raw: "tool_calls" },
      usage: {
        inputTokens: { total: 120, noCache: 120, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: 30, text: 30, reasoning: undefined },
      },
      warnings: [],
    }),
    doStream: async () => {
      throw new Error("the benchmark model does not stream");
    },
  };
}

/**
 * One agent step — a model call that asks for a tool, the tool's execution, the step's result —
 * two ways with the same mock model and the same tool and handler:
 * `direct`: the AI SDK's `generateText` with the tool defined by its own `tool()` over the zod
 * schema (the SDK validates the input), stopping after one step;
 * `podkit`: `runAgent` with a one-step limit over a toolset that holds the tool — rendered by
 * `@podkit/providers`, called through `toolset.call` (grant, input and output validation), its
 * transcript entries built and each written as a JSON line to a sink, as `podkit agent` logs them.
 */
export async function agentBench(bench: BenchContext): Promise<void> {
  const podkit = await createPodkit({
    features: [
      defineFeature({ id: "notes", version: "1.0.0", description: "Notes.", tools: [createAddTool(TOOL)] }),
    ],
    profiles: [{ role: "writer", features: { notes: { capabilities: ["write"] } } }],
  });
  const toolset = podkit.toolset({ role: "writer", agentId: "bench" });
  const directTools = {
    [TOOL]: tool({
      description: "Adds a note and returns its id.",
      inputSchema: z.object(addInputShape()),
      execute: async (input) => handleAdd(input),
    }),
  };
  const directModel = toolCallingModel();
  const podkitModel = toolCallingModel();
  let logged = 0;
  const direct = () =>
    generateText({ model: directModel, tools: directTools, prompt: TASK, stopWhen: stepCountIs(1) });
  const throughPodkit = () =>
    runAgent({
      toolset,
      model: podkitModel,
      task: TASK,
      maxSteps: 1,
      onEntry: (entry) => {
        logged += JSON.stringify(entry).length;
      },
    });
  await assertWorks(direct(), throughPodkit());

  bench.note("measuring one agent step, direct and through podkit (alternating batches, median of 21)…");
  const ns = await medianNsPerCall({ direct, podkit: throughPodkit }, { batchMs: 50 });
  await podkit.dispose();
  const ratio = ns.podkit / ns.direct;
  bench.metric("direct_step_us", round(ns.direct / 1_000, 1), "us");
  bench.metric("agent_step_us", round(ns.podkit / 1_000, 1), "us");
  bench.metric("agent_step_over_direct", round(ratio, 2), "ratio");
  bench.target("agent_step_over_direct", ratio <= TARGETS.agentStepOverDirect);
  if (logged === 0) throw new Error("the podkit variant wrote no transcript");
}

/** Both variants must really run the tool once, or the comparison means nothing. */
async function assertWorks(
  direct: Promise<{ readonly steps: readonly { readonly toolResults: readonly unknown[] }[] }>,
  throughPodkit: ReturnType<typeof runAgent>,
): Promise<void> {
  const [directResult, podkitResult] = await Promise.all([direct, throughPodkit]);
  const directOutputs = directResult.steps.flatMap((step) => step.toolResults);
  if (directOutputs.length !== 1)
    throw new Error(`direct step ran ${directOutputs.length} tools, expected 1`);
  const call = podkitResult.transcript.find((entry) => entry.type === "tool-call");
  if (podkitResult.usage.steps !== 1 || call?.type !== "tool-call" || call.result?.ok !== true)
    throw new Error(`podkit step did not run the tool: ${JSON.stringify(podkitResult)}`);
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
