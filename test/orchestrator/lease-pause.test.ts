import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isStopped, type RunningProcess, stopProcess } from "@podkit/harness";
import { describe, expect, it } from "vitest";
import { podFiles } from "../../packages/orchestrator-automation/src/index.js";
import { acceptanceTokens, blockedByExpiry, historyProblems } from "./history-problems.js";
import { runPodkit } from "./orchestrator-processes.js";
import { type OrchestratorScenario, useOrchestratorScenarios } from "./orchestrator-repository.js";
import { listPodkitBranches, listWorktrees, livePodProcesses, readPodLog } from "./pod-evidence.js";
import type { ShownTicket } from "./ticket-desk.js";

/** Per test: several real processes start from TypeScript sources; this bounds a hang, not speed. */
const TEST_TIMEOUT_MS = 240_000;

const openScenario = useOrchestratorScenarios(TEST_TIMEOUT_MS);

/** A repository whose coder works for a minute, and the holder orchestrator with its coder running. */
async function holderWithRunningCoder(onExpiredLease: "block" | "takeover") {
  const scenario = await openScenario({
    leaseMs: 2_000,
    onExpiredLease,
    reconcileIntervalMs: 300,
    concurrency: 1,
    coderSleepSeconds: 60,
  });
  const [ticketId = ""] = await scenario.queueNew(["work that outlives a paused holder"]);
  const holder = scenario.start({ agent: "orchestrator-paused" });
  const { launchLog } = scenario.repository;
  const coder = await scenario.waitFor(
    "the holder's coder to start",
    () => readPodLog(launchLog).find((line) => line.podId.startsWith(`${ticketId}-t`)),
    { tickets: [ticketId], while: [holder] },
  );
  const token = Number(/-t(\d+)-coder-1$/.exec(coder.podId)?.[1]);
  return { scenario, ticketId, holder, coder, token };
}

/** Waits until the ticket's lease has expired (by the clock; the paused holder cannot renew it); its token. */
function leaseExpired(scenario: OrchestratorScenario, ticketId: string): Promise<number> {
  return scenario.waitFor(
    "the paused holder's lease to expire",
    async () => {
      const lease = (await scenario.desk.show(ticketId)).lease;
      return lease !== null && Date.parse(lease.expiresAt) < Date.now() ? lease.token : undefined;
    },
    { tickets: [ticketId] },
  );
}

/** Continues the paused holder and waits until it has stopped its Pod and said why. */
async function resumeUntilPodStopped(
  scenario: OrchestratorScenario,
  holder: RunningProcess,
  podId: string,
): Promise<void> {
  process.kill(holder.pid, "SIGCONT");
  await scenario.waitFor(
    "the resumed holder to report the lost lease",
    () => (holder.stdout().includes("lease lost") ? true : undefined),
    { while: [holder] },
  );
  // Left alone, the Pod would sleep for a minute; no event marks its end, the wait's backstop looks.
  await scenario.waitFor(
    `Pod ${podId} to be stopped`,
    () => (livePodProcesses(podId).length === 0 ? true : undefined),
    { while: [holder] },
  );
}

/** Events recorded after `seq` under the given (stale) token. */
function writesUnder(ticket: ShownTicket, token: number, afterSeq: number) {
  return ticket.events.filter((event) => event.seq > afterSeq && event.token === token);
}

/** Sweeps expired leases through the real CLI, as an operator (or a cron job) would. */
async function sweepWithCli(configFile: string): Promise<unknown> {
  const sweep = await runPodkit([
    "call",
    "--config",
    configFile,
    "--role",
    "orchestrator",
    "--agent",
    "sweeper",
    "--tool",
    "ticket_sweep_leases",
    "--input",
    "{}",
  ]);
  expect(sweep.code, sweep.stdout).toBe(0);
  return JSON.parse(sweep.stdout);
}

describe("a holder paused past its lease", () => {
  it(
    "is blocked by the sweeper; once continued, its writes are refused with lease_lost and it stops its Pod",
    async () => {
      const { scenario, ticketId, holder, coder, token } = await holderWithRunningCoder("block");
      const { configFile } = scenario.repository;
      const ticketDesk = scenario.desk;
      process.kill(holder.pid, "SIGSTOP");
      await leaseExpired(scenario, ticketId);

      expect(await sweepWithCli(configFile)).toMatchObject({
        ok: true,
        output: { swept: [{ ticketId, outcome: "blocked", expiredToken: token }] },
      });
      const swept = await ticketDesk.show(ticketId);
      expect(swept.state).toBe("blocked");
      const sweptSeq = swept.events.at(-1)?.seq ?? 0;
      // The paused holder could not stop anything: its Pod still works.
      expect(livePodProcesses(coder.podId)).not.toEqual([]);

      await resumeUntilPodStopped(scenario, holder, coder.podId);
      expect(holder.stdout()).toMatch(
        new RegExp(
          `${ticketId} t${token} {2}lease lost, Pods stopped: ticket_renew_lease: lease_lost: .*'blocked'`,
        ),
      );
      const final = await scenario.waitFor(
        "the holder's note in the thread",
        async () => {
          const shown = await ticketDesk.show(ticketId);
          return shown.events.some((event) => event.kind === "comment" && event.seq > sweptSeq)
            ? shown
            : undefined;
        },
        { tickets: [ticketId], while: [holder] },
      );
      expect(
        final.events.filter((event) => event.seq > sweptSeq).map((event) => [event.kind, event.body]),
      ).toEqual([
        [
          "comment",
          expect.stringContaining(`orchestrator-paused lost the lease (token ${token}) and stopped its Pods`),
        ],
      ]);
      expect(writesUnder(final, token, sweptSeq)).toEqual([]);
      expect({ state: final.state, blockedByExpiry: blockedByExpiry(final) }).toEqual({
        state: "blocked",
        blockedByExpiry: true,
      });
      expect(historyProblems(final)).toEqual([]);
      expect(await stopProcess(holder)).toEqual({ code: 0, signal: null });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "is taken over by a second orchestrator with a new token and worktree; the stale holder is refused and stops its Pod",
    async () => {
      const { scenario, ticketId, holder, coder, token } = await holderWithRunningCoder("takeover");
      const current = scenario.repository;
      const ticketDesk = scenario.desk;
      process.kill(holder.pid, "SIGSTOP");
      // The new attempt's coder need not wait; the stale one keeps sleeping.
      writeFileSync(current.sleepFile, "0");
      const rival = scenario.start({ agent: "orchestrator-rival" });
      const takenOver = await scenario.waitFor(
        "the rival's takeover",
        async () => {
          const shown = await ticketDesk.show(ticketId);
          return shown.lease?.holder === "orchestrator-rival" ? shown : undefined;
        },
        { tickets: [ticketId], while: [rival] },
      );
      const newToken = takenOver.lease?.token ?? 0;
      expect(acceptanceTokens(takenOver)).toEqual([token, newToken]);
      const takeoverSeq = takenOver.events.find((event) => event.token === newToken)?.seq ?? 0;
      expect(takenOver.events.find((event) => event.seq === takeoverSeq)?.reason).toMatch(
        new RegExp(`^takeover: lease of 'orchestrator-paused' \\(token ${token}\\) expired`),
      );

      await resumeUntilPodStopped(scenario, holder, coder.podId);
      expect(holder.stdout()).toMatch(
        new RegExp(
          `${ticketId} t${token} {2}lease lost, Pods stopped: ticket_renew_lease: lease_lost: .*stale.*token ${newToken}, held by 'orchestrator-rival'`,
        ),
      );
      const final = await scenario.waitFor(
        "the rival to finish the ticket",
        async () => {
          const shown = await ticketDesk.show(ticketId);
          const noted = shown.events.some((event) => event.kind === "comment" && event.seq > takeoverSeq);
          return shown.state === "done" && noted ? shown : undefined;
        },
        { tickets: [ticketId], while: [rival] },
      );
      expect(writesUnder(final, token, takeoverSeq)).toEqual([]);
      expect(final.events.filter((event) => event.kind === "comment").map((event) => event.body)).toEqual([
        expect.stringContaining(`orchestrator-paused lost the lease (token ${token}) and stopped its Pods`),
      ]);
      expect(historyProblems(final)).toEqual([]);
      // Each attempt worked in its own worktree, named from its token; each Pod id ran once.
      expect(readPodLog(current.launchLog).map((line) => line.podId)).toEqual([
        `${ticketId}-t${token}-coder-1`,
        `${ticketId}-t${newToken}-coder-1`,
        `${ticketId}-t${newToken}-reviewer-1`,
      ]);
      expect(await stopProcess(holder)).toEqual({ code: 0, signal: null });
      expect(await stopProcess(rival)).toEqual({ code: 0, signal: null });
      // The rival removed its attempt's worktree once done and kept the branch (onApproved: none);
      // the stale attempt's worktree, whose lease was lost, is left for prune.
      expect(listWorktrees(current.directory, current.worktreeRoot)).toEqual([`${ticketId}-t${token}`]);
      expect(listPodkitBranches(current.directory).sort()).toEqual(
        [`podkit/${ticketId}-t${token}`, `podkit/${ticketId}-t${newToken}`].sort(),
      );
      const pruned = await runPodkit(["worktrees", "prune", "--config", current.configFile]);
      expect(pruned.code, pruned.stdout).toBe(0);
      expect(listWorktrees(current.directory, current.worktreeRoot)).toEqual([]);
      // The stale coder was stopped before committing: its branch held nothing main lacks and is
      // deleted; the rival's, with the work, is kept.
      expect(listPodkitBranches(current.directory)).toEqual([`podkit/${ticketId}-t${newToken}`]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "launches no Pod once its lease has lapsed: continued between the launch intent and the spawn, it checks the lease, renews, is refused and says so",
    async () => {
      const scenario = await openScenario({
        leaseMs: 2_000,
        reconcileIntervalMs: 300,
        concurrency: 1,
        coderSleepSeconds: 60,
      });
      const { configFile, launchLog, runDir, logsDir, finishLog } = scenario.repository;
      const ticketDesk = scenario.desk;
      const [ticketId = ""] = await scenario.queueNew(["launch intent recorded, then a long pause"]);
      // Paused right after recording the coder's launch intent, before launching it.
      const marker = join(logsDir, "paused");
      const holder = scenario.start({
        via: "fixture",
        agent: "orchestrator-paused",
        crash: { step: "intent-recorded", ticketId, occurrence: 2, marker, signal: "SIGSTOP" },
      });
      await scenario.waitFor(
        "the holder to pause at the coder's launch intent",
        () => (existsSync(marker) && isStopped(holder) ? true : undefined),
        { tickets: [ticketId], while: [holder] },
      );
      const token = await leaseExpired(scenario, ticketId);
      expect(await sweepWithCli(configFile)).toMatchObject({ ok: true, output: { swept: [{ ticketId }] } });
      const sweptSeq = (await ticketDesk.show(ticketId)).events.at(-1)?.seq ?? 0;
      expect(readPodLog(launchLog)).toEqual([]);

      // Continued, it would act on the intent it recorded before the pause; but before the spawn it
      // checks the lease on its own clock, finds less than the launch margin left, renews — refused.
      const podId = `${ticketId}-t${token}-coder-1`;
      await resumeUntilPodStopped(scenario, holder, podId);
      // The launcher's own record, created just before any spawn: there was none.
      expect(existsSync(podFiles(runDir, podId).marker)).toBe(false);
      expect(readPodLog(launchLog)).toEqual([]);
      const final = await scenario.waitFor(
        "the holder's note in the thread",
        async () => {
          const shown = await ticketDesk.show(ticketId);
          return shown.events.some((event) => event.kind === "comment") ? shown : undefined;
        },
        { tickets: [ticketId], while: [holder] },
      );
      expect(holder.stdout()).toMatch(
        new RegExp(`${ticketId} t${token} {2}lease lost, Pods stopped: .*lease_lost`),
      );
      expect(writesUnder(final, token, sweptSeq)).toEqual([]);
      expect(historyProblems(final)).toEqual([]);
      expect(readPodLog(finishLog)).toEqual([]);
      expect(await stopProcess(holder)).toEqual({ code: 0, signal: null });
    },
    TEST_TIMEOUT_MS,
  );
});
