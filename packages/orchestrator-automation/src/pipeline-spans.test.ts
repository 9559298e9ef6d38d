import { rmSync } from "node:fs";
import { join } from "node:path";
import { createPodkit, PODKIT_ATTRIBUTES, type Podkit, TOOLSET_CALL_SPAN, TRACE_ENV } from "@podkit/core";
import { recordSpans } from "@podkit/harness/tracing";
import { createTicketFeature, MemoryTicketBackend } from "@podkit/ticket-lifecycle";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  attemptReviewer,
  createGitRepository,
  testPolicy,
  ticketCalls,
} from "./fixtures/orchestrator-fixture.js";
import { type InProcessPod, InProcessPodLauncher } from "./in-process-pod-launcher.js";
import { Orchestrator } from "./orchestrator.js";
import { PIPELINE_SPANS } from "./pipeline-spans.js";
import { GitWorktreeManager } from "./worktree-manager.js";

let recorded: ReturnType<typeof recordSpans>;
let repository: string;
let podkit: Podkit;
const { call, queued } = ticketCalls(() => podkit);

beforeAll(() => {
  recorded = recordSpans();
});
afterAll(() => recorded.stop());

beforeEach(async () => {
  repository = createGitRepository("podkit-pipeline-spans-");
  podkit = await createPodkit({ features: [createTicketFeature({ backend: new MemoryTicketBackend() })] });
  recorded.reset();
});

afterEach(async () => {
  await podkit.dispose();
  rmSync(repository, { recursive: true, force: true });
});

describe("orchestrator spans", () => {
  it("make one trace per ticket: a root ticket span, a child per step, and TRACEPARENT for each Pod", async () => {
    const id = await queued("add retries");
    const received: Record<string, string | undefined> = {};
    const launcher = new InProcessPodLauncher(async ({ spec }: InProcessPod) => {
      received[spec.role] = spec.env[TRACE_ENV.traceparent];
      const ticketId = spec.env.PODKIT_TICKET_ID as string;
      if (spec.role === "coder") {
        await call("coder", "ticket_comment", { ticketId, body: "Implemented." }, { ticket: ticketId });
        return 0;
      }
      const result = await attemptReviewer(podkit, spec).call("ticket_review", {
        ticketId,
        verdict: "approve",
        body: "Fine.",
      });
      return result.ok ? 0 : 1;
    });
    await new Orchestrator({
      toolset: podkit.toolset({ role: "orchestrator", agentId: "orch-1" }),
      worktrees: new GitWorktreeManager({ repository }),
      pods: launcher,
      policy: testPolicy(join(repository, ".podkit/run"), { concurrency: 1 }),
      events: podkit.registry.events,
    }).runOnce();

    const [root, ...otherRoots] = recorded.named(PIPELINE_SPANS.ticket);
    expect(otherRoots).toEqual([]);
    if (root === undefined) throw new Error("no ticket span");
    const traceId = root.spanContext().traceId;
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.attributes).toMatchObject({
      [PODKIT_ATTRIBUTES.ticketId]: id,
      [PODKIT_ATTRIBUTES.leaseToken]: 4,
      [PODKIT_ATTRIBUTES.outcome]: "done",
    });

    const inTrace = recorded.spans().filter((span) => span.spanContext().traceId === traceId);
    const steps = inTrace
      .filter((span) => span.parentSpanContext?.spanId === root.spanContext().spanId)
      .filter((span) => span.name !== TOOLSET_CALL_SPAN)
      .map(
        (span) =>
          `${span.name}${span.attributes[PODKIT_ATTRIBUTES.role] ? ` ${span.attributes[PODKIT_ATTRIBUTES.role]}` : ""}`,
      );
    expect(steps).toEqual([
      PIPELINE_SPANS.accept,
      PIPELINE_SPANS.worktree,
      `${PIPELINE_SPANS.launchPod} coder`,
      `${PIPELINE_SPANS.waitPod} coder`,
      `${PIPELINE_SPANS.launchPod} reviewer`,
      `${PIPELINE_SPANS.waitPod} reviewer`,
      PIPELINE_SPANS.complete,
    ]);
    const waits = recorded.named(PIPELINE_SPANS.waitPod);
    expect(waits.map((span) => span.attributes[PODKIT_ATTRIBUTES.outcome])).toEqual(["ok", "ok"]);
    expect(waits[0]?.attributes).toMatchObject({
      [PODKIT_ATTRIBUTES.podId]: `${id}-t4-coder-1`,
      [PODKIT_ATTRIBUTES.attempt]: 1,
      [PODKIT_ATTRIBUTES.exitCode]: 0,
    });

    // Each Pod was told to continue the trace from its launch span.
    const launches = recorded.named(PIPELINE_SPANS.launchPod);
    expect(received).toEqual({
      coder: `00-${traceId}-${launches[0]?.spanContext().spanId}-01`,
      reviewer: `00-${traceId}-${launches[1]?.spanContext().spanId}-01`,
    });

    // The orchestrator's own ticket calls are in the trace: the accept under its step, the complete under its.
    const calls = inTrace.filter((span) => span.name === TOOLSET_CALL_SPAN);
    const callUnder = (step: string) =>
      calls.find((span) => span.parentSpanContext?.spanId === recorded.named(step)[0]?.spanContext().spanId);
    expect(callUnder(PIPELINE_SPANS.accept)?.attributes[PODKIT_ATTRIBUTES.tool]).toBe("ticket_accept");
    expect(callUnder(PIPELINE_SPANS.complete)?.attributes[PODKIT_ATTRIBUTES.tool]).toBe("ticket_complete");
    // In process, a Pod's calls run inside its launch span's context too.
    const [coderLaunch] = launches;
    const coderCall = calls.find((span) => span.attributes[PODKIT_ATTRIBUTES.role] === "coder");
    expect(coderCall?.parentSpanContext?.spanId).toBe(coderLaunch?.spanContext().spanId);
  });
});
