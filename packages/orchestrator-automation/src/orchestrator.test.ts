import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createPodkit, type Podkit } from "@podkit/core";
import { createTicketFeature, MemoryTicketBackend } from "@podkit/ticket-lifecycle";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  attemptReviewer,
  createGitRepository,
  git,
  testPolicy,
  ticketCalls,
} from "./fixtures/orchestrator-fixture.js";
import { type InProcessPod, InProcessPodLauncher } from "./in-process-pod-launcher.js";
import { Orchestrator } from "./orchestrator.js";
import type { OrchestratorPolicy } from "./orchestrator-policy.js";
import { WorktreeCleaner } from "./worktree-cleaner.js";
import { GitWorktreeManager, WorktreeError } from "./worktree-manager.js";

let repository: string;
let podkit: Podkit;
const { call, queued } = ticketCalls(() => podkit);

beforeEach(async () => {
  repository = createGitRepository("podkit-orchestrator-");
  podkit = await createPodkit({ features: [createTicketFeature({ backend: new MemoryTicketBackend() })] });
});

afterEach(async () => {
  await podkit.dispose();
  rmSync(repository, { recursive: true, force: true });
});

const policy = (overrides: Partial<OrchestratorPolicy> = {}) =>
  testPolicy(join(repository, ".podkit/run"), overrides);

/** Pods that act through their own role's toolset, as real Pods would through `podkit call`. */
function pods(verdicts: ("approve" | "request_changes")[], coderExit = () => 0) {
  return new InProcessPodLauncher(async ({ spec }: InProcessPod) => {
    const ticketId = spec.env.PODKIT_TICKET_ID as string;
    if (spec.role === "coder") {
      await call(
        "coder",
        "ticket_comment",
        { ticketId, body: `Implemented in ${spec.cwd}.` },
        { ticket: ticketId },
      );
      return coderExit();
    }
    // A reviewer Pod's toolset is bound to the attempt it was launched for, as `podkit call` binds it.
    const result = await attemptReviewer(podkit, spec).call("ticket_review", {
      ticketId,
      verdict: verdicts.shift() ?? "approve",
      body: "Reviewed the diff.",
    });
    if (!result.ok) throw new Error(`ticket_review: ${result.error.message}`);
    return 0;
  });
}

function orchestrator(
  launcher: InProcessPodLauncher,
  overrides: Partial<OrchestratorPolicy> = {},
  cleaner = new WorktreeCleaner({ repository }),
) {
  return new Orchestrator({
    toolset: podkit.toolset({ role: "orchestrator", agentId: "orch-1" }),
    worktrees: new GitWorktreeManager({ repository }),
    pods: launcher,
    policy: policy(overrides),
    events: podkit.registry.events,
    cleaner,
  });
}

const branches = () => git(repository, "branch", "--format=%(refname:short)").split("\n").sort();
const worktreeOf = (id: string) => join(repository, ".podkit/worktrees", `${id}-t4`);

async function show(ticketId: string) {
  const result = await podkit
    .toolset({ role: "human", agentId: "h" })
    .call("ticket_show", { ticketId, historyLimit: 500 });
  if (!result.ok) throw new Error(result.error.message);
  return result.output as {
    ticket: { state: string; lease: unknown };
    history: { events: { kind: string; reason?: string; data?: { details?: { step?: string } } }[] };
  };
}

describe("Orchestrator", () => {
  it("accepts, creates a worktree named from ticket and token, runs coder then reviewer, completes on approval and removes the worktree, keeping the branch", async () => {
    const id = await queued("add retries");
    const launcher = pods(["approve"]);
    await orchestrator(launcher).runOnce();
    const shown = await show(id);
    expect(shown.ticket.state).toBe("done");
    expect(launcher.launched.map((spec) => spec.podId)).toEqual([`${id}-t4-coder-1`, `${id}-t4-reviewer-1`]);
    expect(launcher.launched[0]?.cwd).toBe(worktreeOf(id));
    // onApproved: none leaves the branch as it is; the worktree goes.
    expect(existsSync(worktreeOf(id))).toBe(false);
    expect(branches()).toEqual(["main", `podkit/${id}-t4`]);
    const steps = shown.history.events.map((event) => event.data?.details?.step).filter(Boolean);
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
  });

  it("relaunches the coder when the review requests changes, then blocks with the review's reason past the limit", async () => {
    const id = await queued("tricky");
    const launcher = pods(["request_changes", "request_changes"]);
    await orchestrator(launcher, { maxReviewRounds: 2 }).runOnce();
    const shown = await show(id);
    expect(shown.ticket.state).toBe("blocked");
    expect(launcher.launched.map((spec) => spec.podId.replace(`${id}-t4-`, ""))).toEqual([
      "coder-1",
      "reviewer-1",
      "coder-2",
      "reviewer-2",
    ]);
    expect(shown.history.events.at(-1)?.reason).toContain("Changes still requested after 2 coder round(s)");
    // Blocked: the worktree goes, the branch stays for whoever picks the ticket up.
    expect(existsSync(worktreeOf(id))).toBe(false);
    expect(branches()).toEqual(["main", `podkit/${id}-t4`]);
  });

  it("reports a clean-up that fails as a failure left for prune, the ticket done all the same", async () => {
    const id = await queued("stuck worktree");
    class FailingCleaner extends WorktreeCleaner {
      override async remove(): Promise<never> {
        throw new WorktreeError("removing worktree failed: a file is held open");
      }
    }
    const failures: { ticketId: string; step: string; reason: string }[] = [];
    const unsubscribe = podkit.registry.events.on("ticket-failed", (event) => void failures.push(event));
    await orchestrator(pods(["approve"]), {}, new FailingCleaner({ repository })).runOnce();
    unsubscribe();
    expect((await show(id)).ticket.state).toBe("done");
    expect(failures).toEqual([
      expect.objectContaining({
        ticketId: id,
        step: "clean-up",
        reason: "removing worktree failed: a file is held open (podkit worktrees prune finishes it)",
      }),
    ]);
    expect(existsSync(worktreeOf(id))).toBe(true);
  });

  it("keeps a done ticket's worktree and branch with keepWorktrees, removing nothing", async () => {
    const id = await queued("keep it");
    const removed: unknown[] = [];
    const unsubscribe = podkit.registry.events.on("worktree-removed", (event) => void removed.push(event));
    await orchestrator(pods(["approve"]), { keepWorktrees: true }).runOnce();
    unsubscribe();
    expect((await show(id)).ticket.state).toBe("done");
    expect(existsSync(worktreeOf(id))).toBe(true);
    expect(branches()).toEqual(["main", `podkit/${id}-t4`]);
    expect(removed).toEqual([]);
  });

  it("records a failing coder under the ticket, retries per policy, then blocks", async () => {
    const id = await queued("flaky");
    const launcher = pods([], () => 3);
    await orchestrator(launcher, { podRetries: 1 }).runOnce();
    const shown = await show(id);
    expect(shown.ticket.state).toBe("blocked");
    expect(shown.history.events.filter((event) => event.kind === "failure")).toHaveLength(2);
    expect(launcher.launched.map((spec) => spec.podId.replace(`${id}-t4-`, ""))).toEqual([
      "coder-1",
      "coder-2",
    ]);
    expect(existsSync(worktreeOf(id))).toBe(false);
    expect(branches()).toEqual(["main", `podkit/${id}-t4`]);
  });

  it("keeps a blocked ticket's worktree that holds uncommitted work, saying so, and removes it nowhere else", async () => {
    const id = await queued("half done");
    // A coder that edits a file, commits nothing and fails: that edit exists nowhere else.
    const launcher = new InProcessPodLauncher(async ({ spec }: InProcessPod) => {
      writeFileSync(join(spec.cwd, "half-done.txt"), "not committed\n");
      return 3;
    });
    const kept: unknown[] = [];
    const unsubscribe = podkit.registry.events.on("worktree-kept", (event) => void kept.push(event));
    await orchestrator(launcher, { podRetries: 0 }).runOnce();
    unsubscribe();
    expect((await show(id)).ticket.state).toBe("blocked");
    expect(readFileSync(join(worktreeOf(id), "half-done.txt"), "utf8")).toBe("not committed\n");
    expect(branches()).toEqual(["main", `podkit/${id}-t4`]);
    expect(kept).toEqual([
      {
        ticketId: id,
        token: 4,
        path: worktreeOf(id),
        branch: `podkit/${id}-t4`,
        reason: "it has uncommitted changes ('podkit worktrees prune --force' removes it)",
      },
    ]);
  });

  it("launches nothing when ticket_accept fails because the ticket moved under it", async () => {
    const id = await queued("moving");
    const launcher = pods(["approve"]);
    const routing = orchestrator(launcher);
    await call("human", "ticket_return_to_planning", { ticketId: id, reason: "Needs a decision on scope." });
    await routing.reconcile();
    expect(launcher.launched).toEqual([]);
    expect((await show(id)).ticket.state).toBe("planning");
  });

  it("launches nothing when the ticket moves between the scan and ticket_accept", async () => {
    const id = await queued("racing");
    const launcher = pods(["approve"]);
    const toolset = podkit.toolset({ role: "orchestrator", agentId: "orch-1" });
    // The human returns the ticket to planning at the last moment: after the scan saw it queued.
    const racing = new Proxy(toolset, {
      get(target, property, receiver) {
        if (property !== "call") return Reflect.get(target, property, receiver);
        return async (name: string, input: unknown, options?: object) => {
          if (name === "ticket_accept")
            await call("human", "ticket_return_to_planning", { ticketId: id, reason: "Scope changed." });
          return target.call(name, input, options);
        };
      },
    });
    const routing = new Orchestrator({
      toolset: racing,
      worktrees: new GitWorktreeManager({ repository }),
      pods: launcher,
      policy: policy(),
      events: podkit.registry.events,
    });
    await routing.runOnce();
    expect(launcher.launched).toEqual([]);
    expect(existsSync(join(repository, ".podkit/worktrees"))).toBe(false);
    const shown = await show(id);
    expect(shown.ticket.state).toBe("planning");
    expect(shown.history.events.some((event) => event.kind === "acceptance")).toBe(false);
  });

  it("waits for a dependency with one note, and starts the dependent ticket once it is done", async () => {
    const base = await queued("base");
    const top = await queued("top");
    await call("intake", "ticket_relate", { ticketId: top, relation: "depends_on", target: base });
    const launcher = pods(["approve", "approve"]);
    await orchestrator(launcher, { concurrency: 1 }).runOnce();
    expect((await show(base)).ticket.state).toBe("done");
    const shownTop = await show(top);
    expect(shownTop.ticket.state).toBe("done");
    const notes = shownTop.history.events.filter(
      (event) =>
        event.kind === "comment" && (event as { body?: string }).body?.startsWith("Not starting yet"),
    );
    expect(notes.length).toBeLessThanOrEqual(1);
    const order = launcher.launched.map((spec) => spec.env.PODKIT_TICKET_ID);
    expect(order.lastIndexOf(base)).toBeLessThan(order.indexOf(top));
  });

  it("leaves a ticket queued while the base branch does not exist, with a note that says what to do", async () => {
    const id = await queued("on trunk");
    const launcher = pods([]);
    await orchestrator(launcher, { baseBranch: "trunk" }).runOnce();
    expect(launcher.launched).toEqual([]);
    const shown = await show(id);
    expect(shown.ticket.state).toBe("queued");
    expect(
      shown.history.events
        .map((event) => (event as { body?: string }).body)
        .filter((body) => body !== undefined),
    ).toContain(
      "Not starting yet: base branch 'trunk' does not exist in the repository (a new one has no branch until its first commit). Commit to it, or set baseBranch (orchestrator.baseBranch in podkit.config.yaml) to the branch tickets start from.",
    );
  });

  it("scans again after a wake-up that comes as a scan ends, wherever it falls", async () => {
    // A wake-up `hops` promise reactions after the scan's work resolves: over these, one lands
    // between the scan's last look at its wake-up flag and the end of the scan.
    for (let hops = 0; hops <= 6; hops += 1) {
      const routing = new Orchestrator({
        toolset: podkit.toolset({ role: "orchestrator", agentId: "orch-1" }),
        worktrees: new GitWorktreeManager({ repository }),
        pods: pods([]),
        policy: policy({ reconcileIntervalMs: 3_600_000 }),
        events: podkit.registry.events,
        notifications: false,
      });
      let scans = 0;
      let rescanned = () => {};
      const second = new Promise<void>((resolve) => {
        rescanned = resolve;
      });
      routing.reconcile = () => {
        scans += 1;
        if (scans > 1) rescanned();
        const done = Promise.resolve();
        if (scans === 1) {
          let chain: Promise<unknown> = done;
          for (let hop = 0; hop < hops; hop += 1) chain = chain.then(() => {});
          void chain.then(() => routing.wake());
        }
        return done;
      };
      await routing.start();
      let timer: NodeJS.Timeout | undefined;
      const lost = new Promise<string>((resolve) => {
        // Bounds a hang: the second scan follows within microtasks, the periodic one is an hour away.
        timer = setTimeout(() => resolve(`the wake-up ${hops} reactions after the scan was lost`), 10_000);
      });
      expect(await Promise.race([second.then(() => "scanned again"), lost])).toBe("scanned again");
      clearTimeout(timer);
      await routing.stop();
    }
  }, 120_000);
});
