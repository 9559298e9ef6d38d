import type { AgentResult, TranscriptEntry } from "@podkit/agent";
import { describe, expect, it } from "vitest";
import { decidePodOutcome, type PodWork } from "./pod-outcome.js";

function call(toolName: string, ok = true): TranscriptEntry {
  return {
    type: "tool-call",
    step: 1,
    toolCallId: `call-${toolName}`,
    toolName,
    input: {},
    result: ok ? { ok: true, output: {} } : { ok: false, error: { code: "conflict", message: "No." } },
  };
}

function run(transcript: TranscriptEntry[], stopReason: AgentResult["stopReason"] = "finished") {
  return { stopReason, detail: `stopped: ${stopReason}`, transcript };
}

const committed = { headBefore: "a".repeat(40), headAfter: "b".repeat(40), branch: "podkit/T-1-t3" };
const coder = (overrides: Partial<PodWork>): PodWork => ({
  role: "coder",
  ticketId: "T-1",
  result: run([]),
  ...committed,
  ...overrides,
});

describe("decidePodOutcome", () => {
  it("counts a coder done with a new commit and a report after its last commit", () => {
    const outcome = decidePodOutcome(
      coder({ result: run([call("workspace_commit"), call("ticket_comment")]) }),
    );
    expect(outcome).toEqual({
      done: true,
      summary: "Committed bbbbbbbbbbbb on branch podkit/T-1-t3 and reported on T-1.",
    });
  });

  it("counts a coder's work even when the model ran out of steps after reporting", () => {
    const transcript = [call("workspace_commit"), call("ticket_comment"), call("workspace_read")];
    expect(decidePodOutcome(coder({ result: run(transcript, "max_steps") })).done).toBe(true);
  });

  it("refuses a coder without a new commit, naming the branch and HEAD", () => {
    const outcome = decidePodOutcome(
      coder({ headAfter: "a".repeat(40), result: run([call("ticket_comment")], "max_steps") }),
    );
    expect(outcome).toEqual({
      done: false,
      reason:
        "The coder's work is not done: no new commit on branch podkit/T-1-t3 (HEAD is still aaaaaaaaaaaa). The model stopped: max_steps — stopped: max_steps",
    });
  });

  it("refuses a coder whose only report came before its last commit, or was refused", () => {
    const early = decidePodOutcome(
      coder({ result: run([call("ticket_comment"), call("workspace_commit")]) }),
    );
    expect(early).toMatchObject({ done: false });
    expect(early.done ? "" : early.reason).toContain("no report on T-1 after the last commit");
    const refused = decidePodOutcome(
      coder({ result: run([call("workspace_commit"), call("ticket_comment", false)]) }),
    );
    expect(refused).toMatchObject({ done: false });
  });

  it("refuses a coder that did nothing, naming both missing parts", () => {
    const outcome = decidePodOutcome(coder({ headAfter: committed.headBefore, result: run([], "error") }));
    expect(outcome.done ? "" : outcome.reason).toMatch(
      /no new commit .*; no report on T-1 .*The model stopped: error/,
    );
  });

  it("counts a reviewer done only with a recorded verdict", () => {
    const reviewer = (transcript: TranscriptEntry[]): PodWork => ({
      ...coder({}),
      role: "reviewer",
      result: run(transcript),
    });
    expect(decidePodOutcome(reviewer([call("workspace_diff"), call("ticket_review")]))).toEqual({
      done: true,
      summary: "Recorded a verdict on T-1.",
    });
    const commentOnly = decidePodOutcome(reviewer([call("ticket_comment"), call("ticket_review", false)]));
    expect(commentOnly).toEqual({
      done: false,
      reason:
        "The reviewer's work is not done: no verdict recorded on T-1 (a successful ticket_review). The model stopped: finished — stopped: finished",
    });
  });

  it("never counts an aborted run, whatever it recorded", () => {
    for (const role of ["coder", "reviewer", "companion"]) {
      const outcome = decidePodOutcome({
        ...coder({
          result: run([call("workspace_commit"), call("ticket_comment"), call("ticket_review")], "aborted"),
        }),
        role,
      });
      expect(outcome.done, role).toBe(false);
      expect(outcome.done ? "" : outcome.reason).toContain("The run was stopped before the work counted.");
    }
  });

  it("counts another role done when its model finished its turn", () => {
    const other = (stopReason: AgentResult["stopReason"]) => ({
      ...coder({ result: run([], stopReason) }),
      role: "companion",
    });
    expect(decidePodOutcome(other("finished")).done).toBe(true);
    expect(decidePodOutcome(other("budget"))).toMatchObject({ done: false });
  });
});
