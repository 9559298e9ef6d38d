import { describe, expect, it } from "vitest";
import { POD_TASK_ENTRY_CHARS, POD_TASK_THREAD_ENTRIES, renderPodPrompt, renderPodTask } from "./pod-task.js";
import { formatUsageReport } from "./pod-usage-report.js";
import type { EventView, TicketDetailView } from "./ticket-client.js";

let seq = 0;
function event(kind: EventView["kind"], extra: Partial<EventView> = {}): EventView {
  seq += 1;
  return {
    seq,
    kind,
    actor: "intake/intake-1",
    agentId: "intake-1",
    at: `2030-01-01T00:00:${String(seq).padStart(2, "0")}Z`,
    ...extra,
  };
}

function ticket(events: readonly EventView[], extra: Partial<TicketDetailView> = {}): TicketDetailView {
  return {
    id: "T-2",
    title: "Document the release process",
    state: "inprogress",
    priority: "normal",
    assignee: null,
    dependsOn: ["T-1"],
    lease: { holder: "orch", token: 7, expiresAt: "2030-01-01T01:00:00Z" },
    updatedAt: "2030-01-01T00:00:00Z",
    seq: events.length,
    body: "Write down how a release is cut.",
    bodyTruncated: false,
    relations: { depends_on: ["T-1"], blocks: [], related: [], split_from: [] },
    intakeSummary: "Add docs/RELEASING.md with the steps.",
    queuedBy: "alice",
    queuedAt: "2030-01-01T00:00:00Z",
    resolution: null,
    reviews: [],
    createdAt: "2030-01-01T00:00:00Z",
    createdBy: "intake/intake-1",
    events,
    ...extra,
  };
}

const orchestratorNoise = [
  event("acceptance", { actor: "orchestrator/o", token: 7 }),
  event("intent", {
    actor: "orchestrator/o",
    token: 7,
    body: "Creating worktree /tmp/x on branch podkit/T-2-t7.",
  }),
  event("progress", { actor: "orchestrator/o", token: 7, body: "Worktree ready at /tmp/x." }),
];
const usage = event("comment", {
  actor: "coder/T-2-t7-coder-1",
  body: formatUsageReport({
    podId: "T-2-t7-coder-1",
    role: "coder",
    model: "scripted:coder.json",
    stopReason: "finished",
    done: true,
    steps: 3,
    toolCalls: 4,
    inputTokens: 100,
    outputTokens: 20,
    totalTokens: 120,
  }),
});
const report = event("comment", {
  actor: "coder/T-2-t7-coder-1",
  body: "Committed abc123: docs/RELEASING.md.",
});
const requested = event("review", {
  actor: "reviewer/T-2-t7-reviewer-1",
  agentId: "T-2-t7-reviewer-1",
  token: 7,
  body: "Add a Verification section.",
  data: { verdict: "request_changes" },
});

describe("renderPodTask", () => {
  it("renders the ticket and its relevant thread, without bookkeeping or usage reports", () => {
    const plan = event("plan", { body: "Steps: tag, build, publish." });
    const task = renderPodTask({
      role: "coder",
      ticket: ticket([plan, ...orchestratorNoise, usage, report]),
      token: 7,
    });
    expect(task).toContain("# T-2: Document the release process\n\nYou are the coder for ticket T-2");
    expect(task).toContain("## Description\n\nWrite down how a release is cut.");
    expect(task).toContain("## Intake summary\n\nAdd docs/RELEASING.md with the steps.");
    expect(task).toContain("## Depends on\n\nT-1");
    expect(task).toContain(`- plan by intake/intake-1, ${plan.at}:\n  Steps: tag, build, publish.`);
    expect(task).toContain("- comment by coder/T-2-t7-coder-1");
    expect(task).not.toContain("Worktree ready");
    expect(task).not.toContain("Usage of coder Pod");
    expect(task).not.toContain("## Review to answer");
    expect(task).toContain("ticket_comment on T-2");
  });

  it("gives a coder on a later round the review that requested changes", () => {
    const task = renderPodTask({
      role: "coder",
      ticket: ticket([...orchestratorNoise, report, requested]),
      token: 7,
    });
    expect(task).toContain(
      `## Review to answer\n\nThe reviewer (T-2-t7-reviewer-1, ${requested.at}) requested changes:\n\n> Add a Verification section.`,
    );
    expect(task).toContain("Implement the changes the review asks for");
    expect(task).toContain("- review (request_changes) by reviewer/T-2-t7-reviewer-1");
  });

  it("has no review to answer after an approval, for another attempt, or for a reviewer", () => {
    const approved = event("review", { token: 7, body: "Fine.", data: { verdict: "approve" } });
    expect(renderPodTask({ role: "coder", ticket: ticket([requested, approved]), token: 7 })).not.toContain(
      "Review to answer",
    );
    const stale = renderPodTask({ role: "coder", ticket: ticket([requested]), token: 9 });
    expect(stale).not.toContain("Review to answer");
    expect(stale).toContain("Add a Verification section.");
    // A reader that cannot see tokens, or a launcher that did not say: the last review counts.
    const hidden = { ...requested, token: undefined };
    expect(renderPodTask({ role: "coder", ticket: ticket([hidden]), token: 9 })).toContain(
      "Review to answer",
    );
    expect(renderPodTask({ role: "coder", ticket: ticket([requested]) })).toContain("Review to answer");
    const reviewer = renderPodTask({ role: "reviewer", ticket: ticket([requested]), token: 7 });
    expect(reviewer).not.toContain("Review to answer");
    expect(reviewer).toContain("record exactly one verdict on T-2 with ticket_review");
  });

  it("shows failures and reasoned state changes, and keeps the thread and each entry bounded", () => {
    const failure = event("failure", {
      actor: "orchestrator/o",
      token: 7,
      body: "coder Pod T-2-t7-coder-1 exited with code 1.",
    });
    const moved = event("state_changed", {
      from: "blocked",
      to: "queued",
      reason: "Dependency fixed by hand.",
    });
    const many = Array.from({ length: POD_TASK_THREAD_ENTRIES + 5 }, (_, index) =>
      event("comment", { body: `note ${index}` }),
    );
    const long = event("comment", { body: "x".repeat(POD_TASK_ENTRY_CHARS + 100) });
    const task = renderPodTask({ role: "coder", ticket: ticket([failure, moved, ...many, long]), token: 7 });
    expect(task).toContain("(8 earlier entries left out)");
    expect(task).not.toContain("exited with code 1");
    expect(task).not.toContain(" note 5\n");
    expect(task).toContain(" note 6\n");
    expect(task).toContain("note 34");
    expect(task).toContain(`${"x".repeat(POD_TASK_ENTRY_CHARS)}… (cut)`);
    const short = renderPodTask({ role: "coder", ticket: ticket([failure, moved]), token: 7 });
    expect(short).toContain("- failure by orchestrator/o");
    expect(short).toContain("- moved blocked → queued by intake/intake-1");
    expect(short).toContain("Dependency fixed by hand.");
  });

  it("says when the description was cut, and when there is none", () => {
    expect(renderPodTask({ role: "coder", ticket: ticket([], { bodyTruncated: true }) })).toContain(
      "(the description was cut here)",
    );
    expect(renderPodTask({ role: "coder", ticket: ticket([], { body: "" }) })).toContain("(no description)");
  });
});

describe("renderPodPrompt", () => {
  it("puts the role's instructions before the task", () => {
    const prompt = renderPodPrompt({ role: "reviewer", ticket: ticket([]), instructions: "You review.\n" });
    expect(prompt.startsWith("You review.\n\n---\n\n# T-2: Document the release process")).toBe(true);
    expect(renderPodPrompt({ role: "reviewer", ticket: ticket([]), instructions: "" })).toBe(
      renderPodTask({ role: "reviewer", ticket: ticket([]) }),
    );
  });
});
