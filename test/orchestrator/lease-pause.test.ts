import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { podFiles } from "../../packages/orchestrator-automation/src/index.js";
import { acceptanceTokens, blockedByExpiry, historyProblems } from "./history-problems.js";
import {
  isStopped,
  killProcess,
  type RunningProcess,
  runPodkit,
  startOrchestrator,
  stopProcess,
  waitFor,
} from "./orchestrator-processes.js";
import { createOrchestratorRepository, type OrchestratorRepository } from "./orchestrator-repository.js";
import { killPods, listWorktrees, livePodProcesses, type PodLogLine, readPodLog } from "./pod-evidence.js";
import { openTicketDesk, type ShownTicket, type TicketDesk } from "./ticket-desk.js";

/** Per test: several real processes start from TypeScript sources; this bounds a hang, not speed. */
const TEST_TIMEOUT_MS = 240_000;

let repository: OrchestratorRepository | undefined;
let desk: TicketDesk | undefined;
const processes: RunningProcess[] = [];

afterEach(async () => {
  for (const run of processes.splice(0)) killProcess(run);
  if (repository !== undefined) {
    killPods(repository.runDir, readPodLog(repository.launchLog));
    repository.remove();
  }
  await desk?.close();
  repository = undefined;
  desk = undefined;
});

/** A repository whose coder works for a minute, and the holder orchestrator with its coder running. */
async function holderWithRunningCoder(onExpiredLease: "block" | "takeover") {
  repository = createOrchestratorRepository({
    leaseMs: 2_000,
    onExpiredLease,
    reconcileIntervalMs: 300,
    concurrency: 1,
    coderSleepSeconds: 60,
  });
  desk = await openTicketDesk(repository.configFile);
  const [ticketId = ""] = await desk.createReady(["work that outlives a paused holder"]);
  await desk.queue(ticketId);
  const holder = startOrchestrator({ configFile: repository.configFile, agent: "orchestrator-paused" });
  processes.push(holder);
  const { launchLog } = repository;
  const coder = await waitFor(
    "the holder's coder to start",
    () => readPodLog(launchLog).find((line) => line.podId.startsWith(`${ticketId}-t`)),
    { while: [holder] },
  );
  const token = Number(/-t(\d+)-coder-1$/.exec(coder.podId)?.[1]);
  return { ticketId, holder, coder, token };
}

/** Continues the paused holder and waits until it has stopped its Pod and said why. */
async function resumeUntilPodStopped(holder: RunningProcess, coder: PodLogLine): Promise<void> {
  process.kill(holder.pid, "SIGCONT");
  await waitFor(
    "the resumed holder to report the lost lease",
    () => (holder.stdout().includes("lease lost") ? true : undefined),
    { while: [holder], timeoutMs: 60_000 },
  );
  await waitFor("the stale holder's Pod to be stopped", () =>
    livePodProcesses(coder.podId).length === 0 ? true : undefined,
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
  expect(sweep.code).toBe(0);
  return JSON.parse(sweep.stdout);
}

describe("a holder paused past its lease", () => {
  it(
    "is blocked by the sweeper; once continued, its writes are refused with lease_lost and it stops its Pod",
    async () => {
      const { ticketId, holder, coder, token } = await holderWithRunningCoder("block");
      const { configFile } = repository as OrchestratorRepository;
      const ticketDesk = desk as TicketDesk;
      process.kill(holder.pid, "SIGSTOP");
      await waitFor("the paused holder's lease to expire", async () => {
        const lease = (await ticketDesk.show(ticketId)).lease;
        return lease !== null && Date.parse(lease.expiresAt) < Date.now() ? true : undefined;
      });

      expect(await sweepWithCli(configFile)).toMatchObject({
        ok: true,
        output: { swept: [{ ticketId, outcome: "blocked", expiredToken: token }] },
      });
      const swept = await ticketDesk.show(ticketId);
      expect(swept.state).toBe("blocked");
      const sweptSeq = swept.events.at(-1)?.seq ?? 0;
      // The paused holder could not stop anything: its Pod still works.
      expect(livePodProcesses(coder.podId)).not.toEqual([]);

      await resumeUntilPodStopped(holder, coder);
      expect(holder.stdout()).toMatch(
        new RegExp(
          `${ticketId} t${token} {2}lease lost, Pods stopped: ticket_renew_lease: lease_lost: .*'blocked'`,
        ),
      );
      const final = await waitFor("the holder's note in the thread", async () => {
        const shown = await ticketDesk.show(ticketId);
        return shown.events.some((event) => event.kind === "comment" && event.seq > sweptSeq)
          ? shown
          : undefined;
      });
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
      expect(await stopProcess(holder)).toMatchObject({ code: 0, signal: null });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "is taken over by a second orchestrator with a new token and worktree; the stale holder is refused and stops its Pod",
    async () => {
      const { ticketId, holder, coder, token } = await holderWithRunningCoder("takeover");
      const current = repository as OrchestratorRepository;
      const ticketDesk = desk as TicketDesk;
      process.kill(holder.pid, "SIGSTOP");
      // The new attempt's coder need not wait; the stale one keeps sleeping.
      writeFileSync(current.sleepFile, "0");
      const rival = startOrchestrator({ configFile: current.configFile, agent: "orchestrator-rival" });
      processes.push(rival);
      const takenOver = await waitFor(
        "the rival's takeover",
        async () => {
          const shown = await ticketDesk.show(ticketId);
          return shown.lease?.holder === "orchestrator-rival" ? shown : undefined;
        },
        { while: [rival] },
      );
      const newToken = takenOver.lease?.token ?? 0;
      expect(acceptanceTokens(takenOver)).toEqual([token, newToken]);
      const takeoverSeq = takenOver.events.find((event) => event.token === newToken)?.seq ?? 0;
      expect(takenOver.events.find((event) => event.seq === takeoverSeq)?.reason).toMatch(
        new RegExp(`^takeover: lease of 'orchestrator-paused' \\(token ${token}\\) expired`),
      );

      await resumeUntilPodStopped(holder, coder);
      expect(holder.stdout()).toMatch(
        new RegExp(
          `${ticketId} t${token} {2}lease lost, Pods stopped: ticket_renew_lease: lease_lost: .*stale.*token ${newToken}, held by 'orchestrator-rival'`,
        ),
      );
      const final = await waitFor(
        "the rival to finish the ticket",
        async () => {
          const shown = await ticketDesk.show(ticketId);
          const noted = shown.events.some((event) => event.kind === "comment" && event.seq > takeoverSeq);
          return shown.state === "done" && noted ? shown : undefined;
        },
        { while: [rival] },
      );
      expect(writesUnder(final, token, takeoverSeq)).toEqual([]);
      expect(final.events.filter((event) => event.kind === "comment").map((event) => event.body)).toEqual([
        expect.stringContaining(`orchestrator-paused lost the lease (token ${token}) and stopped its Pods`),
      ]);
      expect(historyProblems(final)).toEqual([]);
      // Each attempt worked in its own worktree, named from its token; each Pod id ran once.
      expect(listWorktrees(current.directory, current.worktreeRoot).sort()).toEqual(
        [`${ticketId}-t${token}`, `${ticketId}-t${newToken}`].sort(),
      );
      expect(readPodLog(current.launchLog).map((line) => line.podId)).toEqual([
        `${ticketId}-t${token}-coder-1`,
        `${ticketId}-t${newToken}-coder-1`,
        `${ticketId}-t${newToken}-reviewer-1`,
      ]);
      expect(await stopProcess(holder)).toMatchObject({ code: 0, signal: null });
      expect(await stopProcess(rival)).toMatchObject({ code: 0, signal: null });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "stops a Pod it launched after its lease lapsed as soon as its first write under the lapsed lease is refused",
    async () => {
      repository = createOrchestratorRepository({
        leaseMs: 2_000,
        reconcileIntervalMs: 300,
        concurrency: 1,
        coderSleepSeconds: 60,
      });
      desk = await openTicketDesk(repository.configFile);
      const { configFile, launchLog, runDir, logsDir } = repository;
      const ticketDesk = desk;
      const [ticketId = ""] = await ticketDesk.createReady(["launch intent recorded, then a long pause"]);
      await ticketDesk.queue(ticketId);
      // Paused right after recording the coder's launch intent, before launching it.
      const marker = join(logsDir, "paused");
      const holder = startOrchestrator({
        via: "fixture",
        configFile,
        agent: "orchestrator-paused",
        crash: { step: "intent-recorded", ticketId, occurrence: 2, marker, signal: "SIGSTOP" },
      });
      processes.push(holder);
      await waitFor("the holder to pause at the coder's launch intent", () =>
        existsSync(marker) && isStopped(holder) ? true : undefined,
      );
      const token = await waitFor("the paused holder's lease to expire", async () => {
        const lease = (await ticketDesk.show(ticketId)).lease;
        return lease !== null && Date.parse(lease.expiresAt) < Date.now() ? lease.token : undefined;
      });
      expect(await sweepWithCli(configFile)).toMatchObject({ ok: true, output: { swept: [{ ticketId }] } });
      const sweptSeq = (await ticketDesk.show(ticketId)).events.at(-1)?.seq ?? 0;
      expect(readPodLog(launchLog)).toEqual([]);

      // Continued, it acts on the intent it recorded before the pause (nothing can fence a pause
      // between intent and launch) — and must stop that Pod once it learns the lease is gone.
      process.kill(holder.pid, "SIGCONT");
      await waitFor(
        "the resumed holder to report the lost lease",
        () => (holder.stdout().includes("lease lost") ? true : undefined),
        { while: [holder], timeoutMs: 60_000 },
      );
      // The launcher's own record, created just before the spawn: the stale launch did happen.
      const podId = `${ticketId}-t${token}-coder-1`;
      expect(existsSync(podFiles(runDir, podId).marker)).toBe(true);
      // Left alone, it would sleep for a minute.
      await waitFor(
        "the stale Pod to be stopped",
        () => (livePodProcesses(podId).length === 0 ? true : undefined),
        { timeoutMs: 30_000 },
      );
      const final = await waitFor("the holder's note in the thread", async () => {
        const shown = await ticketDesk.show(ticketId);
        return shown.events.some((event) => event.kind === "comment") ? shown : undefined;
      });
      expect(holder.stdout()).toMatch(
        new RegExp(`${ticketId} t${token} {2}lease lost, Pods stopped: .*lease_lost`),
      );
      expect(writesUnder(final, token, sweptSeq)).toEqual([]);
      expect(historyProblems(final)).toEqual([]);
      expect(readPodLog(repository.finishLog)).toEqual([]);
      expect(await stopProcess(holder)).toMatchObject({ code: 0, signal: null });
    },
    TEST_TIMEOUT_MS,
  );
});
