import { createPodkit, defineFeature } from "@podkit/core";
import { ADD_SAMPLE_INPUT, createAddTool, handleAdd } from "./add-tool.js";
import type { BenchContext } from "./bench-context.js";
import { watchGcPauses } from "./gc-pauses.js";
import { createManyFeatures, createWorkerProfile } from "./many-features.js";
import { createMcpPair } from "./mcp-pair.js";
import { median, medianNsPerCall } from "./measure.js";

const TOOL = "notes_add";
const TARGETS = { toolsetOverBare: 1.5, mcpOverToolset: 10, resolveMs: 5 };
const FEATURES = 100;
const TOOLS_PER_FEATURE = 20;
const RESOLVE_RUNS = 15;

/**
 * The cost of one tool call three ways — bare `parse` + handler, `toolset.call`, and the official
 * MCP SDK `Client.callTool` in memory — and of building a toolset over 100 features × 20 tools.
 */
export async function toolCallBench(bench: BenchContext): Promise<void> {
  await measureCalls(bench);
  await measureResolve(bench);
}

async function measureCalls(bench: BenchContext): Promise<void> {
  const tool = createAddTool(TOOL);
  const podkit = await createPodkit({
    features: [defineFeature({ id: "notes", version: "1.0.0", description: "Notes.", tools: [tool] })],
    profiles: [{ role: "writer", features: { notes: { capabilities: ["write"] } } }],
  });
  const toolset = podkit.toolset({ role: "writer", agentId: "bench" });
  const mcp = await createMcpPair(TOOL);
  await assertWorks(
    toolset.call(TOOL, ADD_SAMPLE_INPUT),
    mcp.client.callTool({ name: TOOL, arguments: ADD_SAMPLE_INPUT }),
  );

  bench.note("measuring bare, toolset and mcp calls (alternating batches, median of 21)…");
  const ns = await medianNsPerCall({
    bare: () => handleAdd(tool.input.parse(ADD_SAMPLE_INPUT)),
    // Not a target: shows how much of toolset_ns is the output validation the toolset also does.
    bareValidated: () => tool.output.parse(handleAdd(tool.input.parse(ADD_SAMPLE_INPUT))),
    toolset: () => toolset.call(TOOL, ADD_SAMPLE_INPUT),
    mcp: () => mcp.client.callTool({ name: TOOL, arguments: ADD_SAMPLE_INPUT }),
  });
  await mcp.close();
  await podkit.dispose();

  const toolsetOverBare = ns.toolset / ns.bare;
  const mcpOverToolset = ns.mcp / ns.toolset;
  bench.metric("bare_ns", Math.round(ns.bare), "ns");
  bench.metric("bare_validated_ns", Math.round(ns.bareValidated), "ns");
  bench.metric("toolset_ns", Math.round(ns.toolset), "ns");
  bench.metric("mcp_ns", Math.round(ns.mcp), "ns");
  bench.metric("toolset_over_bare", round(toolsetOverBare, 2), "ratio");
  bench.metric("toolset_over_bare_validated", round(ns.toolset / ns.bareValidated, 2), "ratio");
  bench.metric("mcp_over_toolset", round(mcpOverToolset, 2), "ratio");
  bench.target("toolset_over_bare", toolsetOverBare <= TARGETS.toolsetOverBare);
  bench.target("mcp_over_toolset", mcpOverToolset >= TARGETS.mcpOverToolset);
}

/**
 * Registration and install happen once, untimed. Each run times what a host does per agent:
 * `podkit.toolset(...)` (resolve the role, build the toolset) and its first `list()`, which decides
 * every grant and returns the descriptor of each granted tool. Descriptors are built once per tool
 * and grant rule, so only the first list in a process builds them (`resolve_cold_ms`); later
 * toolsets — one per agent — share them (`resolve_ms`). JSON Schemas are converted when first read.
 */
async function measureResolve(bench: BenchContext): Promise<void> {
  const features = createManyFeatures(FEATURES, TOOLS_PER_FEATURE);
  const podkit = await createPodkit({ features, profiles: [createWorkerProfile(features)] });
  bench.note(`measuring toolset resolution over ${FEATURES} features × ${TOOLS_PER_FEATURE} tools…`);
  const grantsOnly: number[] = [];
  const withList: number[] = [];
  const gc = watchGcPauses();
  let coldGcMs = 0;
  let granted = 0;
  for (let run = 0; run <= RESOLVE_RUNS; run += 1) {
    let started = performance.now();
    podkit.toolset({ role: "worker", agentId: `agent-${run}` }).has(TOOL);
    grantsOnly.push(performance.now() - started);
    started = performance.now();
    granted = podkit.toolset({ role: "worker", agentId: `agent-${run}` }).list().length;
    withList.push(performance.now() - started);
    if (run === 0) {
      await gc.stop();
      coldGcMs = gc.within(started, started + (withList[0] ?? 0));
    }
  }
  await podkit.dispose();
  const [cold = Number.NaN, ...warm] = withList;
  const resolveMs = median(warm);
  bench.metric("resolve_tools_registered", FEATURES * TOOLS_PER_FEATURE, "count");
  bench.metric("resolve_tools_granted", granted, "count");
  bench.metric("resolve_ms", round(resolveMs, 3), "ms");
  bench.metric("resolve_cold_ms", round(cold, 3), "ms");
  bench.metric("resolve_cold_gc_ms", round(coldGcMs, 3), "ms");
  bench.metric("resolve_grants_only_ms", round(median(grantsOnly.slice(1)), 3), "ms");
  bench.target("resolve_ms", resolveMs <= TARGETS.resolveMs);
  bench.target("resolve_cold_ms", cold <= TARGETS.resolveMs);
}

async function assertWorks(toolsetResult: Promise<unknown>, mcpResult: Promise<unknown>): Promise<void> {
  const [viaToolset, viaMcp] = await Promise.all([toolsetResult, mcpResult]);
  if (!(viaToolset as { ok: boolean }).ok)
    throw new Error(`toolset.call failed: ${JSON.stringify(viaToolset)}`);
  if ((viaMcp as { isError?: boolean }).isError)
    throw new Error(`MCP callTool failed: ${JSON.stringify(viaMcp)}`);
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
