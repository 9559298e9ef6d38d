import { describe, expect, it } from "vitest";
import { nextAction } from "./next-action.js";
import type { EventView } from "./ticket-client.js";

const TOKEN = 4;
const POLICY = { maxReviewRounds: 2, podRetries: 1 };
let seq = 4;

function event(
  kind: EventView["kind"],
  details: Record<string, string | number | boolean | null> = {},
  extra: Partial<EventView> = {},
): EventView {
  seq += 1;
  return {
    seq,
    kind,
    actor: "orchestrator/o",
    agentId: "o",
    at: "t",
    token: TOKEN,
    data: { details },
    ...extra,
  };
}
const worktreeReady = () => [
  event("intent", { step: "worktree" }),
  event("progress", { step: "worktree-created" }),
];
const pod = (role: string, attempt: number) =>
  event("intent", { step: "pod", podId: `T-1-t4-${role}-${attempt}`, role, attempt });
const exited = (role: string, attempt: number, ok = true) =>
  event(ok ? "progress" : "failure", {
    step: "pod-exited",
    podId: `T-1-t4-${role}-${attempt}`,
    role,
    code: ok ? 0 : 1,
  });
/** A review recorded by the reviewer Pod of `attempt` under `token`. */
const review = (
  verdict: "approve" | "request_changes",
  body = "r",
  { attempt = 1, token = TOKEN }: { attempt?: number; token?: number } = {},
) => event("review", {}, { data: { verdict, podId: `T-1-t${token}-reviewer-${attempt}` }, body, token });

describe("nextAction derives the pipeline position from recorded history", () => {
  it("starts with the worktree, and confirms it when only the intent was recorded", () => {
    expect(nextAction([], TOKEN, POLICY)).toEqual({ type: "create-worktree" });
    expect(nextAction([event("intent", { step: "worktree" })], TOKEN, POLICY)).toEqual({
      type: "confirm-worktree",
    });
  });

  it("ignores what was recorded under another token", () => {
    const stale = worktreeReady().map((entry) => ({ ...entry, token: 2 }));
    expect(nextAction(stale, TOKEN, POLICY)).toEqual({ type: "create-worktree" });
  });

  it("launches the coder after the worktree, and awaits a Pod whose exit is not recorded", () => {
    expect(nextAction(worktreeReady(), TOKEN, POLICY)).toEqual({
      type: "launch-pod",
      role: "coder",
      attempt: 1,
    });
    expect(nextAction([...worktreeReady(), pod("coder", 1)], TOKEN, POLICY)).toEqual({
      type: "await-pod",
      podId: "T-1-t4-coder-1",
      role: "coder",
      attempt: 1,
    });
  });

  it("goes coder → reviewer → complete on approval", () => {
    const history = [
      ...worktreeReady(),
      pod("coder", 1),
      exited("coder", 1),
      pod("reviewer", 1),
      exited("reviewer", 1),
      review("approve", "Fine."),
    ];
    expect(nextAction(history.slice(0, 4), TOKEN, POLICY)).toEqual({
      type: "launch-pod",
      role: "reviewer",
      attempt: 1,
    });
    expect(nextAction(history, TOKEN, POLICY)).toEqual({ type: "complete", summary: "Approved: Fine." });
  });

  it("relaunches the coder on requested changes until the round limit, then blocks with the review", () => {
    const round1 = [
      ...worktreeReady(),
      pod("coder", 1),
      exited("coder", 1),
      pod("reviewer", 1),
      exited("reviewer", 1),
      review("request_changes", "Add tests."),
    ];
    expect(nextAction(round1, TOKEN, POLICY)).toEqual({ type: "launch-pod", role: "coder", attempt: 2 });
    const round2 = [
      ...round1,
      pod("coder", 2),
      exited("coder", 2),
      pod("reviewer", 2),
      exited("reviewer", 2),
      review("request_changes", "Still no tests.", { attempt: 2 }),
    ];
    const action = nextAction(round2, TOKEN, POLICY);
    expect(action.type).toBe("block");
    expect(action.type === "block" && action.reason).toContain("Still no tests.");
  });

  it("retries a failed Pod per policy, then blocks naming the failure", () => {
    const once = [...worktreeReady(), pod("coder", 1), exited("coder", 1, false)];
    expect(nextAction(once, TOKEN, POLICY)).toEqual({ type: "launch-pod", role: "coder", attempt: 2 });
    const twice = [...once, pod("coder", 2), exited("coder", 2, false)];
    expect(nextAction(twice, TOKEN, POLICY)).toMatchObject({ type: "block" });
  });

  it("treats a reviewer that exits without a verdict as a failed run", () => {
    const history = [
      ...worktreeReady(),
      pod("coder", 1),
      exited("coder", 1),
      pod("reviewer", 1),
      exited("reviewer", 1),
    ];
    expect(nextAction(history, TOKEN, POLICY)).toEqual({ type: "launch-pod", role: "reviewer", attempt: 2 });
  });

  it("counts only the verdict of the reviewer Pod launched for the current round", () => {
    const launched = [
      ...worktreeReady(),
      pod("coder", 1),
      exited("coder", 1),
      pod("reviewer", 1),
      exited("reviewer", 1),
      review("request_changes", "Add tests."),
      pod("coder", 2),
      exited("coder", 2),
      pod("reviewer", 2),
      exited("reviewer", 2),
    ];
    // Round 1's reviewer, still running, approves late; it is not round 2's verdict.
    const late = [...launched, review("approve", "Late approval.", { attempt: 1 })];
    expect(nextAction(late, TOKEN, POLICY)).toEqual({ type: "launch-pod", role: "reviewer", attempt: 3 });
    const own = [...late, review("request_changes", "Round 2 wants more.", { attempt: 2 })];
    expect(nextAction(own, TOKEN, POLICY)).toMatchObject({ type: "block" });
  });

  it("does not count a stale attempt's reviewer after a takeover, even under the current token", () => {
    // The lease was taken over as token 4; a reviewer of the lost attempt (token 2) reviewed.
    const history = [
      ...worktreeReady(),
      pod("coder", 1),
      exited("coder", 1),
      pod("reviewer", 1),
      exited("reviewer", 1),
      review("approve", "Stale.", { token: 2 }),
      {
        ...review("approve", "Stale, relabelled."),
        data: { verdict: "approve" as const, podId: "T-1-t2-reviewer-1" },
      },
    ];
    expect(nextAction(history, TOKEN, POLICY)).toEqual({ type: "launch-pod", role: "reviewer", attempt: 2 });
  });

  it("blocks after a recorded worktree failure", () => {
    const history = [
      event("intent", { step: "worktree" }),
      event("failure", { step: "worktree" }, { body: "disk full" }),
    ];
    expect(nextAction(history, TOKEN, POLICY)).toEqual({ type: "block", reason: "disk full" });
  });
});

describe("nextAction after an approval under onApproved: merge", () => {
  const MERGE = { ...POLICY, onApproved: "merge" as const };
  const approved = () => [
    ...worktreeReady(),
    pod("coder", 1),
    exited("coder", 1),
    pod("reviewer", 1),
    review("approve", "Fine."),
    exited("reviewer", 1),
  ];

  it("merges before completing, and completes at once without the policy", () => {
    expect(nextAction(approved(), TOKEN, MERGE)).toEqual({ type: "merge", summary: "Approved: Fine." });
    expect(nextAction(approved(), TOKEN, POLICY)).toEqual({ type: "complete", summary: "Approved: Fine." });
  });

  it("merges again after an intent without a result (a crash mid-merge), which finds the merge done", () => {
    const history = [...approved(), event("intent", { step: "merge", branch: "podkit/T-1-t4" })];
    expect(nextAction(history, TOKEN, MERGE)).toMatchObject({ type: "merge" });
  });

  it("completes with the merged commit once it is recorded", () => {
    const history = [
      ...approved(),
      event("intent", { step: "merge" }),
      event("progress", { step: "merged", commit: "abc123" }),
    ];
    expect(nextAction(history, TOKEN, MERGE)).toEqual({
      type: "complete",
      summary: "Approved: Fine. Merged as abc123.",
      mergedCommit: "abc123",
    });
  });

  it("blocks with the recorded reason when the merge was refused, never trying it again", () => {
    const history = [
      ...approved(),
      event("intent", { step: "merge" }),
      event("failure", { step: "merge", failure: "conflict" }, { body: "conflicts in a.txt" }),
    ];
    expect(nextAction(history, TOKEN, MERGE)).toEqual({ type: "block", reason: "conflicts in a.txt" });
  });
});
