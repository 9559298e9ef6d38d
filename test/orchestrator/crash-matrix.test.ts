import { describe, it } from "vitest";
import { type CrashRow, ROW_TIMEOUT_MS, RUNS, runCrashRow } from "./crash-matrix.js";

const ROWS: CrashRow[] = [
  { step: "accepted", occurrences: [1] },
  { step: "intent-recorded", occurrences: [1, 2, 3] },
  { step: "branch-created", occurrences: [1] },
  { step: "worktree-created", occurrences: [1] },
  { step: "pod-spawned", occurrences: [1, 2] },
  { step: "pod-running", occurrences: [1, 2] },
  { step: "pod-exited", occurrences: [1, 2] },
  { step: "before-complete", occurrences: [1] },
  { step: "completed", occurrences: [1] },
  // With onApproved: merge — before git moves anything (the merge lock held), after `git update-ref`
  // moved main but before the main checkout followed (the restart finishes moving it), and after
  // the merge but before its commit is recorded: the restart finds the branch in main and merges
  // nothing twice.
  { step: "before-merge", occurrences: [1], merge: true },
  { step: "base-moved", occurrences: [1], merge: true },
  { step: "merge-done", occurrences: [1], merge: true },
  { step: "completed", occurrences: [1], merge: true },
];

// Rows are independent (one repository each) and mostly wait on processes: two run at a time.
describe.concurrent("an orchestrator SIGKILLed at a pipeline step and restarted under the same id", () => {
  for (const row of ROWS) {
    it(
      row.step === "base-moved"
        ? `finishes moving the main checkout after ${RUNS} crashes between moving main and moving the checkout: every ticket merged once, the checkout clean at main`
        : row.merge === true
          ? `merges each approved branch into main once after ${RUNS} crashes at '${row.step}': nothing merged twice, worktrees cleaned up, nothing back to queued`
          : row.step === "branch-created"
            ? `reuses the branch after ${RUNS} crashes between creating the branch and adding the worktree: every ticket done, one branch per attempt, nothing back to queued`
            : `resumes after ${RUNS} crashes at '${row.step}': no second worktree, no Pod launched twice, nothing back to queued, prune finishes the clean-up`,
      () => runCrashRow(row),
      ROW_TIMEOUT_MS,
    );
  }
});
