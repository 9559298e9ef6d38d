import { createPodkit, type Podkit } from "@podkit/core";
import { createTicketFeature, MemoryTicketBackend } from "@podkit/ticket-lifecycle";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attemptReviewer, testPolicy, ticketCalls } from "./fixtures/orchestrator-fixture.js";
import { type InProcessPod, InProcessPodLauncher } from "./in-process-pod-launcher.js";
import { Orchestrator } from "./orchestrator.js";
import type { OrchestratorPolicy } from "./orchestrator-policy.js";
import type { TicketClient } from "./ticket-client.js";
import type { Worktree, WorktreeManager } from "./worktree-manager.js";

let podkit: Podkit;
const { call, queued } = ticketCalls(() => podkit);

beforeEach(async () => {
  podkit = await createPodkit({ features: [createTicketFeature({ backend: new MemoryTicketBackend() })] });
});

afterEach(async () => {
  await podkit.dispose();
});

/** Worktrees as names only: these tests are about what the orchestrator reads, not about git. */
class NamedWorktrees implements WorktreeManager {
  readonly created: string[] = [];

  planned(ticketId: string, token: number): Worktree {
    return { path: `/worktrees/${ticketId}-t${token}`, branch: `podkit/${ticketId}-t${token}` };
  }

  async create(options: { ticketId: string; token: number }): Promise<Worktree> {
    const worktree = this.planned(options.ticketId, options.token);
    if (this.created.includes(worktree.path)) throw new Error(`${worktree.path} exists already`);
    this.created.push(worktree.path);
    return worktree;
  }

  async exists(ticketId: string, token: number): Promise<boolean> {
    return this.created.includes(this.planned(ticketId, token).path);
  }

  async baseCommit(): Promise<string> {
    return "0".repeat(40);
  }

  async hasBranch(): Promise<boolean> {
    return true;
  }
}

/** Long leases and Pod timeouts: nothing here may lapse while a test writes thousands of events. */
const policy = (overrides: Partial<OrchestratorPolicy> = {}) =>
  testPolicy("/run", {
    leaseMs: 60_000,
    reconcileIntervalMs: 3_600_000,
    pods: {
      coder: { command: ["coder"], timeoutMs: 600_000 },
      reviewer: { command: ["reviewer"], timeoutMs: 600_000 },
    },
    ...overrides,
  });

/** Coders that post `comments` comments each, reviewers that approve through their attempt's toolset. */
function pods(comments: number) {
  return new InProcessPodLauncher(async ({ spec }: InProcessPod) => {
    const ticketId = spec.env.PODKIT_TICKET_ID as string;
    if (spec.role === "coder") {
      const coder = podkit.toolset({ role: "coder", agentId: spec.podId, bindings: { ticket: ticketId } });
      for (let index = 1; index <= comments; index += 1) {
        const result = await coder.call("ticket_comment", { ticketId, body: `Progress note ${index}.` });
        if (!result.ok) throw new Error(result.error.message);
      }
      return 0;
    }
    const result = await attemptReviewer(podkit, spec).call("ticket_review", {
      ticketId,
      verdict: "approve",
      body: "Fine.",
    });
    return result.ok ? 0 : 1;
  });
}

type Shown = Awaited<ReturnType<TicketClient["show"]>>;

/** The whole history, as the human gate reads it: `ticket_show` page by page, oldest first. */
async function history(ticketId: string): Promise<Shown> {
  const human = podkit.toolset({ role: "human", agentId: "alice" });
  const pages: Shown["events"][] = [];
  let ticket: Omit<Shown, "events"> | undefined;
  let before: number | null | undefined;
  do {
    const result = await human.call("ticket_show", {
      ticketId,
      historyLimit: 500,
      ...(before === undefined ? {} : { historyBefore: before }),
    });
    if (!result.ok) throw new Error(result.error.message);
    const output = result.output as {
      ticket: Omit<Shown, "events">;
      history: { events: Shown["events"]; nextBefore: number | null };
    };
    ticket ??= output.ticket;
    pages.unshift(output.history.events);
    before = output.history.nextBefore;
  } while (before !== null);
  return { ...(ticket as Omit<Shown, "events">), events: pages.flat() };
}

describe("an orchestrator reading long histories and long queues", () => {
  it("keeps its place in a ticket whose coder posted 5,000 comments: no second worktree, no second coder", async () => {
    const ticketId = await queued("chatty coder");
    const launcher = pods(5_000);
    const worktrees = new NamedWorktrees();
    await new Orchestrator({
      toolset: podkit.toolset({ role: "orchestrator", agentId: "orch-1" }),
      worktrees,
      pods: launcher,
      policy: policy(),
      events: podkit.registry.events,
    }).runOnce();

    const shown = await history(ticketId);
    expect(shown.state).toBe("done");
    expect(shown.events.length).toBeGreaterThan(5_000);
    // Read whole: the first events are the ticket's creation, not the last 500.
    expect(shown.events.map((event) => event.seq)).toEqual(shown.events.map((_, index) => index + 1));
    const steps = shown.events.map((event) => event.data?.details?.step).filter(Boolean);
    expect(steps).toEqual([
      "worktree",
      "worktree-created",
      "pod",
      "pod-started",
      "pod-exited",
      "pod",
      "pod-started",
      "pod-exited",
    ]);
    const token = shown.events.find((event) => event.kind === "acceptance")?.token;
    expect(launcher.launched.map((spec) => spec.podId)).toEqual([
      `${ticketId}-t${token}-coder-1`,
      `${ticketId}-t${token}-reviewer-1`,
    ]);
    expect(worktrees.created).toEqual([`/worktrees/${ticketId}-t${token}`]);
  }, 300_000);

  it("accepts every one of 521 queued tickets when the first 500 wait for one queued after them", async () => {
    const tickets: string[] = [];
    for (let index = 1; index <= 521; index += 1) tickets.push(await queued(`ticket ${index}`));
    // The first 500 — one whole page of ticket_list — wait for the last; only a scan past them starts it.
    const base = tickets.at(-1) as string;
    for (const ticketId of tickets.slice(0, 500))
      await call("intake", "ticket_relate", { ticketId, relation: "depends_on", target: base });
    const launcher = pods(0);
    await new Orchestrator({
      toolset: podkit.toolset({ role: "orchestrator", agentId: "orch-1" }),
      worktrees: new NamedWorktrees(),
      pods: launcher,
      policy: policy({ concurrency: 16 }),
      events: podkit.registry.events,
    }).runOnce();

    const listed = await podkit
      .toolset({ role: "human", agentId: "alice" })
      .call("ticket_list", { states: ["done"], limit: 1 });
    expect(listed).toMatchObject({ ok: true, output: { count: 521 } });
    const coders = launcher.launched.filter((spec) => spec.role === "coder");
    expect(coders.map((spec) => spec.env.PODKIT_TICKET_ID).sort()).toEqual([...tickets].sort());
    const order = coders.map((spec) => spec.env.PODKIT_TICKET_ID);
    expect(order.indexOf(base)).toBeLessThan(order.indexOf(tickets[0]));
  }, 300_000);
});
