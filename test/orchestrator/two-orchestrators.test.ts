import { afterEach, describe, expect, it } from "vitest";
import { acceptedLines } from "./accepted-lines.js";
import { acceptanceTokens, historyProblems } from "./history-problems.js";
import { exitWithin, killProcess, type RunningProcess, startOrchestrator } from "./orchestrator-processes.js";
import { createOrchestratorRepository, type OrchestratorRepository } from "./orchestrator-repository.js";
import { duplicatePodIds, killPods, readPodLog } from "./pod-evidence.js";
import { openTicketDesk, type TicketDesk } from "./ticket-desk.js";

const TICKETS = 50;
/**
 * Bounds a hang only. Each ticket runs a coder script and a reviewer that starts the CLI from
 * TypeScript sources (about a second of CPU each), so 50 tickets keep a 2-core machine busy for a while.
 */
const TEST_TIMEOUT_MS = 900_000;

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

describe("two orchestrator processes on one queue", () => {
  it(
    `accept each of ${TICKETS} tickets exactly once and launch its coder exactly once`,
    async () => {
      repository = createOrchestratorRepository({
        leaseMs: 60_000,
        reconcileIntervalMs: 500,
        concurrency: 4,
      });
      desk = await openTicketDesk(repository.configFile);
      const titles = Array.from({ length: TICKETS }, (_, index) => `shared queue ${index + 1}`);
      const ticketIds = await desk.createReady(titles);
      for (const ticketId of ticketIds) await desk.queue(ticketId);

      const configFile = repository.configFile;
      const rivals = ["orchestrator-a", "orchestrator-b"].map((agent) =>
        startOrchestrator({ configFile, agent, concurrency: 4, once: true }),
      );
      processes.push(...rivals);
      for (const rival of rivals) {
        const exit = await exitWithin(rival, TEST_TIMEOUT_MS);
        expect({ exit: { code: exit.code, signal: exit.signal }, stderr: rival.stderr() }).toEqual({
          exit: { code: 0, signal: null },
          stderr: "",
        });
      }

      const tickets = await Promise.all(ticketIds.map((ticketId) => (desk as TicketDesk).show(ticketId)));
      expect(tickets.filter((ticket) => ticket.state !== "done").map((ticket) => ticket.id)).toEqual([]);
      expect(tickets.flatMap(historyProblems)).toEqual([]);

      // Accepted once: one acceptance event per ticket, and exactly one process claimed it — the lease holder.
      const claims = rivals.map(acceptedLines);
      for (const ticket of tickets) {
        const tokens = acceptanceTokens(ticket);
        const claimedBy = claims.flatMap((claim, index) =>
          claim.has(ticket.id)
            ? [{ agent: ["orchestrator-a", "orchestrator-b"][index], token: claim.get(ticket.id) }]
            : [],
        );
        const holder = ticket.events.find((event) => event.kind === "acceptance")?.actor;
        expect({ ticket: ticket.id, tokens, claimedBy: claimedBy.length, holder }).toEqual({
          ticket: ticket.id,
          tokens: [claimedBy[0]?.token],
          claimedBy: 1,
          holder: `orchestrator/${claimedBy[0]?.agent}`,
        });
      }
      // Both processes won tickets: the queue was contended, not drained by one of them.
      expect(claims.map((claim) => claim.size > 0)).toEqual([true, true]);

      // Launched once: one coder-1 line per ticket in the Pods' own log, under the accepted token.
      const launched = readPodLog(repository.launchLog);
      expect(duplicatePodIds(launched)).toEqual([]);
      for (const ticket of tickets) {
        const coders = launched.filter(
          (line) => line.podId.startsWith(`${ticket.id}-t`) && line.podId.endsWith("-coder-1"),
        );
        expect(coders.map((line) => line.podId)).toEqual([
          `${ticket.id}-t${acceptanceTokens(ticket)[0]}-coder-1`,
        ]);
      }
      expect(launched).toHaveLength(2 * TICKETS);
    },
    TEST_TIMEOUT_MS,
  );
});
