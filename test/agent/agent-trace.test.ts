import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PODKIT_ATTRIBUTES, TOOLSET_CALL_SPAN } from "@podkit/core";
import { type FileSpan, readTraceFile, traceToFileEnvironment } from "@podkit/harness";
import { afterEach, describe, expect, it } from "vitest";
import { AGENT_OPERATIONS } from "../../packages/agent/src/agent-tracing.js";
import { PIPELINE_SPANS } from "../../packages/orchestrator-automation/src/pipeline-spans.js";
import { type AgentRepository, createAgentRepository, SCENARIO_TIMEOUT_MS } from "./agent-repository.js";
import { runPodkit } from "./podkit-run.js";
import { greetingCoder, greetingReviewer } from "./scripts.js";

describe("podkit agent Pods in the ticket's trace", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  let repository: AgentRepository | undefined;
  let spansDirectory: string | undefined;
  afterEach(() => {
    repository?.remove();
    if (spansDirectory !== undefined) rmSync(spansDirectory, { recursive: true, force: true });
  });

  it("each agent run descends from its launch span, with its model calls and tool calls under it", async () => {
    repository = createAgentRepository({ coder: greetingCoder("T-1"), reviewer: greetingReviewer("T-1") });
    await repository.queueTicket("Greet the world", "Add greeting.txt and say so in the README.");
    spansDirectory = mkdtempSync(join(tmpdir(), "podkit-agent-trace-"));
    const file = join(spansDirectory, "spans.jsonl");
    const run = await runPodkit(
      ["orchestrate", "--once", "--config", repository.configFile, "--agent", "orchestrator-agents"],
      { cwd: repository.directory, env: traceToFileEnvironment(file) },
    );
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);

    const spans = readTraceFile(file);
    const [root, ...others] = spans.filter((span) => span.name === PIPELINE_SPANS.ticket);
    expect(others).toEqual([]);
    const trace = spans.filter((span) => span.traceId === root?.traceId);
    const launches = trace.filter((span) => span.name === PIPELINE_SPANS.launchPod);
    const runs = trace.filter(
      (span) => span.attributes["gen_ai.operation.name"] === AGENT_OPERATIONS.invokeAgent,
    );
    expect(
      runs.map((span) => [span.name, span.parentSpanId, span.attributes[PODKIT_ATTRIBUTES.outcome]]),
    ).toEqual([
      ["invoke_agent coder", launches[0]?.spanId, "finished"],
      ["invoke_agent reviewer", launches[1]?.spanId, "finished"],
    ]);
    const childrenOf = (parent: FileSpan | undefined) =>
      trace.filter((span) => span.parentSpanId === parent?.spanId);
    for (const agentRun of runs) {
      // The model calls and tool calls; besides them only the Pod's own ticket calls (its lease watch).
      const operations = new Set(
        childrenOf(agentRun).map((span) => span.attributes["gen_ai.operation.name"] ?? span.name),
      );
      expect(operations).toEqual(
        new Set([AGENT_OPERATIONS.chat, AGENT_OPERATIONS.executeTool, TOOLSET_CALL_SPAN]),
      );
      const chats = childrenOf(agentRun).filter(
        (span) => span.attributes["gen_ai.operation.name"] === "chat",
      );
      for (const chat of chats)
        expect(chat.attributes["gen_ai.usage.input_tokens"]).toEqual(expect.any(Number));
      const tools = childrenOf(agentRun).filter(
        (span) => span.attributes["gen_ai.operation.name"] === "execute_tool",
      );
      for (const tool of tools)
        expect(childrenOf(tool).map((span) => span.name)).toEqual([TOOLSET_CALL_SPAN]);
    }
    expect(runs[0]?.pid).not.toBe(root?.pid);
  });
});
