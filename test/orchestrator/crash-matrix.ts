import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exitWithin, PODKIT_BIN, stopProcess } from "@podkit/harness";
import { expect } from "vitest";
import type { PipelineStep } from "../../packages/orchestrator-automation/src/index.js";
import {
  acceptanceTokens,
  blockedByExpiry,
  type CheckedTicket,
  historyProblems,
  podIntents,
} from "./history-problems.js";
import { loggedErrors } from "./orchestrator-processes.js";
import { type OrchestratorScenario, openOrchestratorScenario } from "./orchestrator-repository.js";
import { duplicatePodIds, listPodkitBranches, listWorktrees, readPodLog } from "./pod-evidence.js";
import { isSettled, type ShownTicket } from "./ticket-desk.js";

/** One row of the matrix: where the orchestrator dies, and which occurrence of it per run. */
export interface CrashRow {
  /**
   * A pipeline step, or `branch-created`: between the two git steps of worktree creation, or
   * `base-moved`: between the two git steps of a merge (base branch moved, main checkout not yet).
   */
  readonly step: PipelineStep | "branch-created" | "base-moved";
  /**
   * The occurrence of `step` for the run's ticket at which to crash, cycled over the runs: for
   * `intent-recorded` 1 = the worktree intent, 2 = the coder's, 3 = the reviewer's; for the Pod
   * steps 1 = coder, 2 = reviewer.
   */
  readonly occurrences: readonly number[];
  /** Run with `onApproved: merge`: approved branches are merged into `main`, then cleaned up. */
  readonly merge?: boolean;
}

/** Crashes per row; each is followed by a restart that resumes the crashed ticket. */
export const RUNS = 5;
/** One orchestrator identity across restarts: recovery resumes the tickets this id holds. */
const AGENT = "orchestrator-crashing";
/** Bounds a hang only; a healthy run takes a few seconds. */
const PROCESS_TIMEOUT_MS = 180_000;
/** Includes waiting for a slot: rows run two at a time. */
export const ROW_TIMEOUT_MS = 1_200_000;
const ROWS_AT_ONCE = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** Runs `work` once fewer than {@link ROWS_AT_ONCE} rows run, so a 2-core machine is not swamped. */
async function inSlot(work: () => Promise<void>): Promise<void> {
  // A finishing row hands its slot straight to the next waiting one.
  if (running < ROWS_AT_ONCE) running += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    await work();
  } finally {
    const next = waiting.shift();
    if (next === undefined) running -= 1;
    else next();
  }
}

/**
 * Runs one row as a chain of orchestrator processes on one repository and queue: process k
 * resumes the ticket process k−1 crashed on, accepts ticket k and SIGKILLs itself at the row's
 * step for ticket k (so ticket k−1 is wherever its pipeline happens to be); a last process
 * without a crash point finishes the rest. Then it checks what the processes left behind.
 *
 * The kill lands at the named step and nowhere else: ticket k is queued only once process k has
 * taken every earlier ticket past its worktree's creation, so no git command of another ticket
 * is cut short by the kill (a kill between the branch and the worktree is the `branch-created`
 * row's, on purpose).
 */
export function runCrashRow(row: CrashRow): Promise<void> {
  const deadline = Date.now() + ROW_TIMEOUT_MS;
  return inSlot(async () => {
    const scenario = await openOrchestratorScenario(
      {
        // Long enough to outlast two restarts on a loaded machine: process k+1 may die before its
        // first renewal of the ticket it resumed, so the lease must bridge to process k+2.
        leaseMs: 60_000,
        reconcileIntervalMs: 300,
        concurrency: 2,
        ...(row.merge === true ? { onApproved: "merge" as const } : {}),
      },
      deadline - Date.now(),
    );
    try {
      await crashRow(scenario, row);
    } finally {
      await scenario.dispose();
    }
  });
}

async function crashRow(scenario: OrchestratorScenario, row: CrashRow): Promise<void> {
  const { repository, desk } = scenario;
  const tickets = await desk.createReady(
    Array.from({ length: RUNS }, (_, run) => `${row.step} run ${run + 1}`),
  );
  const crashes: { ticketId: string; occurrence: number; at: number; marker: string }[] = [];
  for (const [run, ticketId] of tickets.entries()) {
    const occurrence = row.occurrences[run % row.occurrences.length] ?? 1;
    const marker = join(repository.logsDir, `crash-${run + 1}`);
    const crashing = scenario.start({
      via: "fixture",
      agent: AGENT,
      crash: { step: row.step, ticketId, occurrence, marker },
    });
    const earlier = tickets.slice(0, run);
    await scenario.waitFor(
      `process ${run + 1} to take ${earlier.join(", ")} past their worktrees`,
      async () => {
        const shown = await Promise.all(earlier.map((earlierId) => desk.show(earlierId)));
        return shown.every((ticket) => isSettled(ticket) || worktreeCreated(ticket)) ? true : undefined;
      },
      { tickets: earlier, while: [crashing] },
    );
    // The Pod this run kills its orchestrator under holds until that orchestrator is gone.
    if (row.step === "pod-running")
      writeFileSync(
        repository.holdFile,
        `${ticketId} ${occurrence === 1 ? "coder" : "reviewer"} ${marker}\n`,
      );
    await desk.queue(ticketId);
    const exit = await exitWithin(crashing, PROCESS_TIMEOUT_MS).catch(async (error: unknown) => {
      throw new Error(`${(error as Error).message}\n${await desk.report(tickets.slice(0, run + 1))}`);
    });
    expect({ run: run + 1, exit, errors: loggedErrors(crashing) }).toEqual({
      run: run + 1,
      exit: { code: null, signal: "SIGKILL" },
      errors: [],
    });
    expect(existsSync(marker) ? readFileSync(marker, "utf8") : "no marker").toMatch(
      new RegExp(`^${row.step} ${ticketId} t\\d+ #${occurrence} `),
    );
    const written = readFileSync(marker, "utf8");
    crashes.push({ ticketId, occurrence, at: Number(/ at (\d+)/.exec(written)?.[1]), marker: written });
  }

  writeFileSync(repository.holdFile, "");
  const last = scenario.start({ via: "fixture", agent: AGENT });
  // Its SIGTERM handler is in place once it says so: stopping it before would kill it.
  await scenario.waitFor(
    "the last orchestrator to route",
    () => (last.stdout().includes("routing") ? true : undefined),
    {
      while: [last],
    },
  );
  const shown = await scenario.waitFor(
    "every ticket done or blocked",
    async () => {
      const all = await Promise.all(tickets.map((ticketId) => desk.show(ticketId)));
      return all.every(isSettled) ? all : undefined;
    },
    { tickets, while: [last] },
  );
  const launched = readPodLog(repository.launchLog);
  await scenario.waitFor("every launched Pod to finish", () => {
    const finished = new Set(readPodLog(repository.finishLog).map((line) => line.podId));
    return launched.every((line) => finished.has(line.podId)) ? true : undefined;
  });
  expect(await stopProcess(last)).toEqual({ code: 0, signal: null });
  expect(loggedErrors(last)).toEqual([]);

  const podIds = launched.map((line) => line.podId);
  expectSoundRecovery({ shown, launched: podIds });
  // A kill between `git branch` and `git worktree add` leaves the attempt's branch without its
  // worktree; the restart reuses that branch (it is at the attempt's recorded base), so this row too
  // ends with one branch per attempt, and nothing else.
  expectCleanedUp(repository, shown, row.merge === true);
  if (row.merge === true) expectMergedOnce(repository.directory, shown);
  // Killed after git merged and before the commit was recorded: the restart found the branch in main.
  if (row.step === "merge-done" || row.step === "base-moved")
    for (const crash of crashes) {
      const ticket = shown.find((each) => each.id === crash.ticketId);
      const merged = ticket?.events.find((event) => event.data?.details?.step === "merged");
      expect({ ticket: crash.ticketId, how: merged?.data?.details?.how }).toEqual({
        ticket: crash.ticketId,
        how: "already-merged",
      });
    }
  if (row.step === "base-moved") expectCheckoutMovesFinished(shown, crashes.length);
  if (row.step === "branch-created" || row.step === "base-moved") expectEveryTicketDone(shown);
  if (row.step === "pod-running")
    expectPodsOutlivedTheirOrchestrator(crashes, readPodLog(repository.finishLog));
}

/** Whether the ticket's current attempt has recorded its worktree as created. */
function worktreeCreated(ticket: ShownTicket): boolean {
  const token = ticket.lease?.token;
  return ticket.events.some(
    (event) =>
      event.token === token && event.kind === "progress" && event.data?.details?.step === "worktree-created",
  );
}

/** What every row's tickets and Pods must show, whatever the step. */
function expectSoundRecovery(evidence: {
  shown: readonly CheckedTicket[];
  launched: readonly string[];
}): void {
  const { shown, launched } = evidence;
  // Fencing, ordering and "failures under the in-progress ticket", event by event.
  expect(shown.flatMap(historyProblems)).toEqual([]);
  // Each ticket accepted once (no takeover in this configuration) and finished, unless its
  // lease lapsed while no orchestrator ran — then the sweeper blocked it, with the reason.
  expect(shown.map((ticket) => [ticket.id, acceptanceTokens(ticket).length])).toEqual(
    shown.map((ticket) => [ticket.id, 1]),
  );
  const unfinished = shown.filter((ticket) => ticket.state !== "done");
  expect(unfinished.filter((ticket) => !blockedByExpiry(ticket)).map(describeEnd)).toEqual([]);
  expect(shown.filter((ticket) => ticket.state === "done").length).toBeGreaterThan(shown.length / 2);

  // No Pod id launched twice, and none launched without an intent recorded under its acceptance.
  expect(duplicatePodIds(launched.map((podId) => ({ podId, pid: 0, at: 0 })))).toEqual([]);
  const intended = new Set(shown.flatMap(podIntents));
  expect(launched.filter((podId) => !intended.has(podId))).toEqual([]);
  for (const ticket of shown.filter((each) => each.state === "done")) {
    const ran = launched.filter((podId) => podId.startsWith(`${ticket.id}-t`));
    expect(ran.filter((podId) => /-coder-1$/.test(podId))).toHaveLength(1);
  }
}

/**
 * What the worktrees and branches come to: before prune, only attempts' worktrees and branches
 * (named from ticket and token), with a branch for every attempt not merged; after prune, no
 * worktree (every ticket is done or blocked) and a branch kept exactly for the attempts podkit did
 * not merge — a done ticket's under `onApproved: none`, a blocked one's.
 */
function expectCleanedUp(
  repository: { directory: string; worktreeRoot: string; configFile: string },
  shown: readonly CheckedTicket[],
  /** `onApproved: merge`: done tickets were merged, so their branches go. */
  merged: boolean,
): void {
  const attemptsOf = (tickets: readonly CheckedTicket[]) =>
    tickets.flatMap((ticket) => acceptanceTokens(ticket).map((token) => `${ticket.id}-t${token}`));
  const all = attemptsOf(shown);
  const unmerged = attemptsOf(shown.filter((ticket) => !merged || ticket.state !== "done"));
  const worktrees = () => listWorktrees(repository.directory, repository.worktreeRoot).sort();
  const branches = () => listPodkitBranches(repository.directory).sort();
  // The pipelines removed what they finished; a kill may have cut one's clean-up short, and a
  // ticket blocked by the sweeper was never cleaned up by its pipeline.
  expect(worktrees().filter((name) => !all.includes(name))).toEqual([]);
  expect(branches().filter((branch) => !all.some((name) => branch === `podkit/${name}`))).toEqual([]);
  expect(unmerged.filter((name) => !branches().includes(`podkit/${name}`))).toEqual([]);
  finishCleanUp(repository);
  expect(worktrees()).toEqual([]);
  expect(branches()).toEqual(unmerged.map((name) => `podkit/${name}`).sort());
}

/**
 * `podkit worktrees prune`: a kill can cut another ticket's clean-up short (it runs after that
 * ticket is done or blocked, beside the crashing pipeline), and the sweeper blocks a ticket no
 * pipeline cleans up after; prune is what finishes both.
 */
function finishCleanUp(repository: { directory: string; configFile: string }): void {
  execFileSync(process.execPath, [PODKIT_BIN, "worktrees", "prune", "--config", repository.configFile], {
    cwd: repository.directory,
    stdio: "pipe",
  });
}

/**
 * Every done ticket was merged into `main` exactly once: one `merged` record, its commit in `main`,
 * its coder's file in `main`'s tree, and at most one merge commit naming it (none after a
 * fast-forward); and the main checkout, on `main`, moved along with it: no changes against `main`,
 * every merged file on disk.
 */
function expectMergedOnce(directory: string, shown: readonly CheckedTicket[]): void {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: directory, encoding: "utf8" }).trim();
  expect({
    head: git("symbolic-ref", "HEAD"),
    status: git("status", "--porcelain", "--untracked-files=no"),
    missing: shown
      .filter((ticket) => ticket.state === "done")
      .map((ticket) => `work-${ticket.id}.txt`)
      .filter((file) => !existsSync(join(directory, file))),
  }).toEqual({ head: "refs/heads/main", status: "", missing: [] });
  const subjects = git("log", "--format=%s", "main").split("\n");
  for (const ticket of shown.filter((each) => each.state === "done")) {
    const records = ticket.events.filter((event) => event.data?.details?.step === "merged");
    const commit = String(records[0]?.data?.details?.commit);
    expect({
      ticket: ticket.id,
      records: records.length,
      inMain: records.length === 1 && git("merge-base", "main", commit) === commit,
      file: git("ls-tree", "--name-only", "main", `work-${ticket.id}.txt`),
      merges: subjects.filter((subject) => subject.startsWith(`Merge ${ticket.id}:`)).length <= 1,
    }).toEqual({ ticket: ticket.id, records: 1, inMain: true, file: `work-${ticket.id}.txt`, merges: true });
  }
}

/**
 * Killed after `git update-ref` moved main and before the main checkout followed: each such move
 * was finished by the next merge (the crashed ticket's own, found already merged, as a rule), and
 * no merge left the checkout as it was — the clean checkout itself is {@link expectMergedOnce}'s.
 */
function expectCheckoutMovesFinished(shown: readonly CheckedTicket[], crashes: number): void {
  const merges = shown.flatMap((ticket) =>
    ticket.events
      .filter((event) => event.data?.details?.step === "merged")
      .map((event) => ({ checkout: event.data?.details?.checkout, note: event.data?.details?.checkoutNote })),
  );
  expect(merges.filter((merge) => merge.checkout !== "updated")).toEqual([]);
  const finished = merges.filter((merge) =>
    String(merge.note).startsWith("finished moving the main checkout"),
  );
  expect(finished).toHaveLength(crashes);
}

/** Every ticket ended `done`: the crash cost none of them (the lease outlives every restart here). */
function expectEveryTicketDone(shown: readonly CheckedTicket[]): void {
  expect(shown.filter((ticket) => ticket.state !== "done").map(describeEnd)).toEqual([]);
}

/** A Pod started by a process that was then killed kept running and finished after the kill (the marker's time). */
function expectPodsOutlivedTheirOrchestrator(
  crashes: readonly { ticketId: string; occurrence: number; at: number; marker: string }[],
  finished: readonly { podId: string; at: number }[],
): void {
  for (const crash of crashes) {
    const token = /t(\d+) #/.exec(crash.marker)?.[1];
    const podId = `${crash.ticketId}-t${token}-${crash.occurrence === 1 ? "coder" : "reviewer"}-1`;
    const end = finished.find((line) => line.podId === podId);
    expect({ podId, finishedAfterTheKill: end !== undefined && end.at > crash.at }).toEqual({
      podId,
      finishedAfterTheKill: true,
    });
  }
}

/** `T-3 blocked: <reason>` — what a ticket that did not finish says about itself. */
function describeEnd(ticket: CheckedTicket): string {
  const last = ticket.events.findLast((event) => event.to === ticket.state);
  return `${ticket.id} ${ticket.state}: ${last?.reason ?? last?.body ?? ""}`;
}
