import { rmSync } from "node:fs";
import { join } from "node:path";
import { createPodkit, type Podkit, type ToolResult } from "@podkit/core";
import { createTicketFeature, MemoryTicketBackend } from "@podkit/ticket-lifecycle";
import { createManualClock, type ManualClock } from "@podkit/ticket-lifecycle/conformance";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attemptReviewer, createGitRepository, testPolicy } from "./fixtures/orchestrator-fixture.js";
import { type InProcessPod, InProcessPodLauncher } from "./in-process-pod-launcher.js";
import { TicketClient } from "./ticket-client.js";
import { runTicketPipeline } from "./ticket-pipeline.js";
import { GitWorktreeManager } from "./worktree-manager.js";

const LEASE_MS = 60_000;

let repository: string;
let podkit: Podkit;
let clock: ManualClock;

beforeEach(async () => {
  repository = createGitRepository("podkit-stale-reviewer-");
  clock = createManualClock();
  const backend = new MemoryTicketBackend({ clock: clock.now });
  const feature = createTicketFeature({ backend, policy: { leaseMs: LEASE_MS, onExpiredLease: "takeover" } });
  podkit = await createPodkit({ features: [feature] });
});

afterEach(async () => {
  await podkit.dispose();
  rmSync(repository, { recursive: true, force: true });
});

const policy = () =>
  testPolicy(join(repository, ".podkit/run"), { concurrency: 1, leaseMs: LEASE_MS, podRetries: 2 });

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

async function must(role: string, agentId: string, tool: string, input: Record<string, unknown>) {
  const result = await podkit.toolset({ role, agentId }).call(tool, input);
  if (!result.ok) throw new Error(`${tool}: ${result.error.code}: ${result.error.message}`);
  return result.output as { ticket: { id: string } };
}

describe("a stale reviewer after a takeover", () => {
  it("is refused by ticket_review and not counted as the new attempt's verdict", async () => {
    const { ticket } = await must("intake", "intake-1", "ticket_create", { title: "Review me" });
    const ticketId = ticket.id;
    await must("intake", "intake-1", "ticket_mark_ready", { ticketId, summary: "Do it." });
    await must("human", "alice", "ticket_queue", { ticketId });

    // Orchestrator A: its reviewer Pod outlives A's lease and records its verdict only later.
    const staleStarted = deferred<InProcessPod>();
    const releaseStale = deferred<void>();
    const staleVerdict = deferred<ToolResult>();
    const podsOfA = new InProcessPodLauncher(async (pod) => {
      if (pod.spec.role === "coder") return 0;
      staleStarted.resolve(pod);
      await releaseStale.promise;
      staleVerdict.resolve(
        await attemptReviewer(podkit, pod.spec).call("ticket_review", {
          ticketId,
          verdict: "approve",
          body: "Stale OK.",
        }),
      );
      return 0;
    });
    const clientA = new TicketClient(podkit.toolset({ role: "orchestrator", agentId: "orch-a" }));
    const leaseA = await clientA.accept(ticketId, "a-1", LEASE_MS);
    const abortA = new AbortController();
    const context = (client: TicketClient, pods: InProcessPodLauncher, signal: AbortSignal) => ({
      client,
      worktrees: new GitWorktreeManager({ repository }),
      pods,
      policy: policy(),
      events: podkit.registry.events,
      signal,
    });
    const reviewerRunning = deferred<void>();
    const pipelineA = runTicketPipeline(
      {
        ...context(clientA, podsOfA, abortA.signal),
        onStep: (step) => {
          if (step === "pod-running" && podsOfA.launched.some((spec) => spec.role === "reviewer"))
            reviewerRunning.resolve();
        },
      },
      ticketId,
      leaseA.token,
    );
    const stale = await staleStarted.promise;
    await reviewerRunning.promise;
    expect(stale.spec.podId).toBe(`${ticketId}-t${leaseA.token}-reviewer-1`);

    // A stops renewing (paused, say); its lease lapses and orchestrator B takes the ticket over.
    clock.advance(LEASE_MS + 1);
    abortA.abort();
    expect(await pipelineA).toBe("lease-lost");
    const clientB = new TicketClient(podkit.toolset({ role: "orchestrator", agentId: "orch-b" }));
    const [swept] = await clientB.sweep();
    expect(swept).toMatchObject({ ticketId, outcome: "takeover" });
    const tokenB = (await clientB.show(ticketId)).lease?.token ?? 0;
    expect(tokenB).toBeGreaterThan(leaseA.token);

    // B's first reviewer exits without a verdict, right after the stale reviewer of A tried to give one.
    const podsOfB = new InProcessPodLauncher(async (pod) => {
      if (pod.spec.role === "coder") return 0;
      if (pod.spec.podId.endsWith("-reviewer-1")) {
        releaseStale.resolve();
        await staleVerdict.promise;
        return 0;
      }
      const result = await attemptReviewer(podkit, pod.spec).call("ticket_review", {
        ticketId,
        verdict: "approve",
        body: "B's own round.",
      });
      return result.ok ? 0 : 1;
    });
    const outcome = await runTicketPipeline(
      context(clientB, podsOfB, new AbortController().signal),
      ticketId,
      tokenB,
    );

    expect(await staleVerdict.promise).toMatchObject({ ok: false, error: { code: "lease_lost" } });
    expect(outcome).toBe("done");
    expect(podsOfB.launched.map((spec) => spec.podId)).toEqual([
      `${ticketId}-t${tokenB}-coder-1`,
      `${ticketId}-t${tokenB}-reviewer-1`,
      `${ticketId}-t${tokenB}-reviewer-2`,
    ]);
    // Read as the human gate: once done, the ticket has no lease whose holder could see its tokens.
    const shown = await new TicketClient(podkit.toolset({ role: "human", agentId: "alice" })).show(ticketId);
    expect(shown.state).toBe("done");
    expect(shown.reviews.map((review) => review.body)).toEqual(["B's own round."]);
    expect(shown.events.find((event) => event.kind === "review")).toMatchObject({
      token: tokenB,
      data: { podId: `${ticketId}-t${tokenB}-reviewer-2` },
    });
  });
});
