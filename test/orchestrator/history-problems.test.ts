import { describe, expect, it } from "vitest";
import { blockedByExpiry, historyProblems } from "./history-problems.js";
import type { HistoryEvent } from "./ticket-desk.js";

type Event = Omit<HistoryEvent, "seq" | "actor" | "agentId" | "at">;
type Details = Record<string, string | number | boolean | null>;

function ticket(state: string, events: Event[]) {
  return {
    id: "T-1",
    state,
    events: events.map((event, index) => ({ seq: index + 1, actor: "x/y", agentId: "y", at: "", ...event })),
  };
}

const step = (kind: Event["kind"], token: number, details: Details): Event => ({
  kind,
  token,
  data: { details },
});

const SOUND: Event[] = [
  { kind: "create", to: "planning" },
  { kind: "intake_summary", from: "planning", to: "ready" },
  { kind: "state_changed", from: "ready", to: "queued" },
  { kind: "acceptance", from: "queued", to: "inprogress", token: 4 },
  step("intent", 4, { step: "worktree" }),
  step("progress", 4, { step: "worktree-created" }),
  step("intent", 4, { step: "pod", podId: "T-1-t4-coder-1" }),
  step("progress", 4, { step: "pod-started", podId: "T-1-t4-coder-1" }),
  step("progress", 4, { step: "pod-exited", podId: "T-1-t4-coder-1" }),
  { kind: "state_changed", from: "inprogress", to: "done", token: 4 },
];

describe("historyProblems", () => {
  it("finds nothing wrong with a sound history", () => {
    expect(historyProblems(ticket("done", SOUND))).toEqual([]);
  });

  it("reports a ticket that went back to queued after acceptance", () => {
    const events: Event[] = [
      ...SOUND.slice(0, 4),
      { kind: "state_changed", from: "inprogress", to: "queued" },
    ];
    expect(historyProblems(ticket("queued", events)).join("\n")).toMatch(
      /moved back to 'queued'[\s\S]*ended 'queued'/,
    );
  });

  it("reports a write under a stale token and a second worktree for one token", () => {
    const events = [...SOUND.slice(0, 6), step("intent", 3, { step: "pod", podId: "T-1-t3-coder-1" })];
    events.push(step("intent", 4, { step: "worktree" }), step("progress", 4, { step: "worktree-created" }));
    const problems = historyProblems(ticket("inprogress", events)).join("\n");
    expect(problems).toContain("recorded under token 3; the live token was 4");
    expect(problems).toContain("token 4: 2 worktree intents, 2 worktree-created");
  });

  it("reports a Pod launched twice and a block without a reason", () => {
    const events: Event[] = [
      ...SOUND.slice(0, 9),
      step("progress", 4, { step: "pod-started", podId: "T-1-t4-coder-1" }),
    ];
    events.push({ kind: "state_changed", from: "inprogress", to: "blocked", token: 4 });
    const problems = historyProblems(ticket("blocked", events)).join("\n");
    expect(problems).toContain("Pod 'T-1-t4-coder-1': 1 intents, 2 starts, 1 exits recorded");
    expect(problems).toContain("blocked without a reason");
  });

  it("tells a sweeper's block from any other", () => {
    const lapse = "lease of 'o' (token 4) expired at 2026-01-01T00:00:00.000Z without renewal";
    const swept: Event[] = [
      ...SOUND.slice(0, 5),
      { kind: "failure", from: "inprogress", to: "blocked", token: 4, reason: lapse },
    ];
    expect(blockedByExpiry(ticket("blocked", swept))).toBe(true);
    const failed: Event[] = [
      ...SOUND.slice(0, 5),
      { kind: "state_changed", from: "inprogress", to: "blocked", token: 4, reason: "x" },
    ];
    expect(blockedByExpiry(ticket("blocked", failed))).toBe(false);
  });
});
