import { isRunning, processOutput } from "@podkit/harness";
import { describe, expect, it } from "vitest";
import { acceptedLines } from "./accepted-lines.js";
import { acceptanceTokens, historyProblems } from "./history-problems.js";
import { useOrchestratorScenarios } from "./orchestrator-repository.js";
import { duplicatePodIds, readPodLog } from "./pod-evidence.js";

const TICKETS = 50;
const AGENTS = ["orchestrator-a", "orchestrator-b"] as const;
/**
 * Bounds a hang only. Each ticket runs a coder script and a reviewer that starts the CLI from
 * TypeScript sources (about a second of CPU each), so 50 tickets keep a 2-core machine busy for a while.
 */
const TEST_TIMEOUT_MS = 900_000;

const openScenario = useOrchestratorScenarios(TEST_TIMEOUT_MS);

describe("two orchestrator processes on one queue", () => {
  it(
    `accept each of ${TICKETS} tickets exactly once and launch its coder exactly once`,
    async () => {
      const scenario = await openScenario({ leaseMs: 60_000, reconcileIntervalMs: 500, concurrency: 4 });
      const { repository, desk } = scenario;
      const titles = Array.from({ length: TICKETS }, (_, index) => `shared queue ${index + 1}`);
      const ticketIds = await scenario.queueNew(titles);

      const rivals = AGENTS.map((agent) => scenario.start({ agent, concurrency: 4, once: true }));
      // `--once` ends each process when nothing it could start is left.
      await scenario.waitFor(
        "both orchestrators to drain the queue and exit",
        () => (rivals.some(isRunning) ? undefined : true),
        { tickets: ticketIds, wakeOn: rivals.map(processOutput) },
      );
      for (const rival of rivals) {
        expect({ exit: await rival.exited, stderr: rival.stderr() }).toEqual({
          exit: { code: 0, signal: null },
          stderr: "",
        });
      }

      const tickets = await Promise.all(ticketIds.map((ticketId) => desk.show(ticketId)));
      const unfinished = tickets.filter((ticket) => ticket.state !== "done").map((ticket) => ticket.id);
      expect(unfinished, await desk.report(unfinished)).toEqual([]);
      expect(tickets.flatMap(historyProblems)).toEqual([]);

      // Accepted once: one acceptance event per ticket, and exactly one process claimed it — the lease holder.
      const claims = rivals.map(acceptedLines);
      for (const ticket of tickets) {
        const tokens = acceptanceTokens(ticket);
        const claimedBy = claims.flatMap((claim, index) =>
          claim.has(ticket.id) ? [{ agent: AGENTS[index], token: claim.get(ticket.id) }] : [],
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
