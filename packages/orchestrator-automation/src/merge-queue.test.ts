import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createPodkit, type Podkit } from "@podkit/core";
import { createTicketFeature, MemoryTicketBackend } from "@podkit/ticket-lifecycle";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BranchMerger, type MergeRequest } from "./branch-merger.js";
import {
  attemptReviewer,
  createGitRepository,
  git,
  testPolicy,
  ticketCalls,
} from "./fixtures/orchestrator-fixture.js";
import { type InProcessPod, InProcessPodLauncher } from "./in-process-pod-launcher.js";
import type { Merger } from "./merge-step.js";
import { Orchestrator } from "./orchestrator.js";
import type { OrchestratorPolicy } from "./orchestrator-policy.js";
import { WorktreeCleaner } from "./worktree-cleaner.js";
import { GitWorktreeManager } from "./worktree-manager.js";

let repository: string;
let podkit: Podkit;
const { queued } = ticketCalls(() => podkit);

beforeEach(async () => {
  repository = createGitRepository("podkit-merge-queue-", {
    ".gitignore": ".podkit/\n",
    "shared.txt": "line one\n",
  });
  podkit = await createPodkit({ features: [createTicketFeature({ backend: new MemoryTicketBackend() })] });
});

afterEach(async () => {
  await podkit.dispose();
  rmSync(repository, { recursive: true, force: true });
});

const policy = (overrides: Partial<OrchestratorPolicy> = {}) =>
  testPolicy(join(repository, ".podkit/run"), { onApproved: "merge", ...overrides });

/** What each ticket's coder writes, by ticket title: file name and content. */
type Edits = Record<string, { readonly file: string; readonly content: string }>;

/**
 * Coders that write and commit their ticket's file in the worktree, all waiting until `together`
 * coders have started (so their branches start from the same base); reviewers that approve.
 */
function pods(edits: Edits, together = 1) {
  let started = 0;
  let release: () => void = () => {};
  const allStarted = new Promise<void>((resolve) => {
    release = resolve;
  });
  return new InProcessPodLauncher(async ({ spec }: InProcessPod) => {
    const ticketId = spec.env.PODKIT_TICKET_ID as string;
    if (spec.role === "coder") {
      started += 1;
      if (started >= together) release();
      await allStarted;
      const shown = await podkit.toolset({ role: "human", agentId: "h" }).call("ticket_show", { ticketId });
      const title = shown.ok ? (shown.output as { ticket: { title: string } }).ticket.title : "";
      const edit = edits[title];
      if (edit === undefined) throw new Error(`no edit for '${title}'`);
      writeFileSync(join(spec.cwd, edit.file), edit.content);
      git(spec.cwd, "add", ".");
      git(spec.cwd, "commit", "-q", "-m", `${ticketId}: ${title}`);
      return 0;
    }
    const result = await attemptReviewer(podkit, spec).call("ticket_review", {
      ticketId,
      verdict: "approve",
      body: "Looks right.",
    });
    if (!result.ok) throw new Error(`ticket_review: ${result.error.message}`);
    return 0;
  });
}

function orchestrator(
  launcher: InProcessPodLauncher,
  options: { agentId?: string; merger?: Merger; policy?: Partial<OrchestratorPolicy> } = {},
) {
  return new Orchestrator({
    toolset: podkit.toolset({ role: "orchestrator", agentId: options.agentId ?? "orch-1" }),
    worktrees: new GitWorktreeManager({ repository }),
    pods: launcher,
    policy: policy(options.policy),
    events: podkit.registry.events,
    merger: options.merger ?? new BranchMerger({ repository }),
    cleaner: new WorktreeCleaner({ repository }),
  });
}

interface Shown {
  ticket: { state: string; title: string };
  history: {
    events: { kind: string; body?: string; reason?: string; data?: { details?: Record<string, unknown> } }[];
  };
}

async function show(ticketId: string): Promise<Shown> {
  const result = await podkit
    .toolset({ role: "human", agentId: "h" })
    .call("ticket_show", { ticketId, historyLimit: 500, bodyLimit: 4_000 });
  if (!result.ok) throw new Error(result.error.message);
  return result.output as Shown;
}

function merged(shown: Shown) {
  return shown.history.events.find((event) => event.data?.details?.step === "merged")?.data?.details;
}

const branches = () => git(repository, "branch", "--format=%(refname:short)").split("\n");
const worktrees = () =>
  git(repository, "worktree", "list", "--porcelain")
    .split("\n")
    .filter((line) => line.startsWith("worktree "));

describe("the merge queue (onApproved: merge)", () => {
  it("fast-forwards the base to an approved branch, moves the clean main checkout, records the commit, then removes worktree and branch", async () => {
    const id = await queued("add greeting");
    const base = git(repository, "rev-parse", "main");
    await orchestrator(pods({ "add greeting": { file: "greeting.txt", content: "hello\n" } })).runOnce();
    const shown = await show(id);
    expect(shown.ticket.state).toBe("done");
    const details = merged(shown);
    expect(details).toMatchObject({ how: "fast-forward", branch: `podkit/${id}-t4`, baseBranch: "main" });
    const head = git(repository, "rev-parse", "main");
    expect(details?.commit).toBe(head);
    expect(git(repository, "rev-parse", `${head}^`)).toBe(base);
    expect(readFileSync(join(repository, "greeting.txt"), "utf8")).toBe("hello\n");
    expect(git(repository, "status", "--porcelain", "--untracked-files=no")).toBe("");
    const steps = shown.history.events.map((event) => event.data?.details?.step).filter(Boolean);
    expect(steps.slice(-2)).toEqual(["merge", "merged"]);
    expect(shown.history.events.at(-1)).toMatchObject({ kind: "state_changed" });
    expect(branches()).toEqual(["main"]);
    expect(worktrees()).toEqual([`worktree ${repository}`]);
    expect(existsSync(join(repository, ".podkit/worktrees", `${id}-t4`))).toBe(false);
  });

  it("makes a merge commit naming the ticket when the base moved on since the branch started", async () => {
    const first = await queued("add greeting");
    const second = await queued("add farewell");
    const edits = {
      "add greeting": { file: "greeting.txt", content: "hello\n" },
      "add farewell": { file: "farewell.txt", content: "bye\n" },
    };
    await orchestrator(pods(edits, 2)).runOnce();
    const [one, two] = [await show(first), await show(second)];
    expect([one.ticket.state, two.ticket.state]).toEqual(["done", "done"]);
    const hows = [merged(one)?.how, merged(two)?.how].sort();
    expect(hows).toEqual(["fast-forward", "merge-commit"]);
    const mergeCommit = String(
      [merged(one), merged(two)].find((details) => details?.how === "merge-commit")?.commit,
    );
    expect(git(repository, "rev-parse", "main")).toBe(mergeCommit);
    expect(git(repository, "rev-list", "--parents", "-n", "1", mergeCommit).split(" ")).toHaveLength(3);
    const message = git(repository, "log", "-1", "--format=%B", mergeCommit);
    const mergedId = merged(one)?.how === "merge-commit" ? first : second;
    const title = mergedId === first ? "add greeting" : "add farewell";
    expect(message).toContain(`Merge ${mergedId}: ${title}`);
    expect(readFileSync(join(repository, "greeting.txt"), "utf8")).toBe("hello\n");
    expect(readFileSync(join(repository, "farewell.txt"), "utf8")).toBe("bye\n");
    expect(branches()).toEqual(["main"]);
    expect(worktrees()).toHaveLength(1);
  });

  it("blocks a ticket whose branch conflicts with the base, with the reason, removing its worktree but keeping its branch and the base as they were", async () => {
    const first = await queued("say hello");
    const second = await queued("say hi");
    const edits = {
      "say hello": { file: "shared.txt", content: "hello\n" },
      "say hi": { file: "shared.txt", content: "hi\n" },
    };
    await orchestrator(pods(edits, 2)).runOnce();
    const shownTickets = [await show(first), await show(second)];
    const states = shownTickets.map((shown) => shown.ticket.state).sort();
    expect(states).toEqual(["blocked", "done"]);
    const blocked = shownTickets.find((shown) => shown.ticket.state === "blocked") as Shown;
    const blockedId = blocked === shownTickets[0] ? first : second;
    const failure = blocked.history.events.find((event) => event.kind === "failure");
    expect(failure?.data?.details).toMatchObject({ step: "merge", failure: "conflict" });
    expect(blocked.history.events.at(-1)?.reason).toMatch(/conflicts in 1 file\(s\): shared\.txt/);
    const done = shownTickets.find((shown) => shown.ticket.state === "done") as Shown;
    expect(git(repository, "rev-parse", "main")).toBe(merged(done)?.commit);
    // The base holds the done ticket's change, untouched by the blocked one.
    expect(git(repository, "show", "main:shared.txt")).toBe(blockedId === first ? "hi" : "hello");
    expect(merged(blocked)).toBeUndefined();
    // The blocked attempt's work stays on its branch, which the base does not contain; no worktree is left.
    const branch = `podkit/${blockedId}-t4`;
    expect(branches()).toEqual(["main", branch]);
    expect(git(repository, "show", `${branch}:shared.txt`)).toBe(blockedId === first ? "hello" : "hi");
    expect(() => git(repository, "merge-base", "--is-ancestor", branch, "main")).toThrow();
    expect(worktrees()).toEqual([`worktree ${repository}`]);
    expect(existsSync(join(repository, ".podkit/worktrees", `${blockedId}-t4`))).toBe(false);
  });

  it("refuses to merge while the main checkout of the base branch has local changes, and blocks the ticket saying so", async () => {
    const id = await queued("add greeting");
    writeFileSync(join(repository, "shared.txt"), "edited by a person\n");
    const base = git(repository, "rev-parse", "main");
    await orchestrator(pods({ "add greeting": { file: "greeting.txt", content: "hello\n" } })).runOnce();
    const shown = await show(id);
    expect(shown.ticket.state).toBe("blocked");
    expect(shown.history.events.at(-1)?.reason).toMatch(/main checkout is on 'main' and has local changes/);
    expect(git(repository, "rev-parse", "main")).toBe(base);
    expect(readFileSync(join(repository, "shared.txt"), "utf8")).toBe("edited by a person\n");
    expect(branches()).toEqual(["main", `podkit/${id}-t4`]);
    expect(worktrees()).toEqual([`worktree ${repository}`]);
  });

  it("lets two orchestrators on one store merge one at a time (the store lock), both branches landing", async () => {
    const first = await queued("add greeting");
    const second = await queued("add farewell");
    const log: string[] = [];
    const merger = new BranchMerger({ repository });
    const logged = (name: string): Merger => ({
      async merge(request: MergeRequest) {
        log.push(`enter ${name}`);
        // Hold the merge long enough that the other orchestrator asks for the lock meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
        const result = await merger.merge(request);
        log.push(`exit ${name}`);
        return result;
      },
    });
    const edits = {
      "add greeting": { file: "greeting.txt", content: "hello\n" },
      "add farewell": { file: "farewell.txt", content: "bye\n" },
    };
    const launcher = pods(edits, 2);
    const one = orchestrator(launcher, {
      agentId: "orch-1",
      merger: logged("orch-1"),
      policy: { concurrency: 1 },
    });
    const two = orchestrator(launcher, {
      agentId: "orch-2",
      merger: logged("orch-2"),
      policy: { concurrency: 1 },
    });
    await Promise.all([one.runOnce(), two.runOnce()]);
    expect([(await show(first)).ticket.state, (await show(second)).ticket.state]).toEqual(["done", "done"]);
    expect(log).toHaveLength(4);
    expect(log[0]?.replace("enter", "exit")).toBe(log[1]);
    expect(log[2]?.replace("enter", "exit")).toBe(log[3]);
    expect(new Set(log.map((line) => line.split(" ")[1])).size).toBe(2);
    expect(readFileSync(join(repository, "greeting.txt"), "utf8")).toBe("hello\n");
    expect(readFileSync(join(repository, "farewell.txt"), "utf8")).toBe("bye\n");
  });
});
