import { existsSync, readdirSync } from "node:fs";
import { type RunningProcess, stopProcess } from "@podkit/harness";
import { describe, expect, it } from "vitest";
import { acceptedLines, ticketsMentioned } from "./accepted-lines.js";
import { acceptanceTokens } from "./history-problems.js";
import { useOrchestratorScenarios } from "./orchestrator-repository.js";
import { listPodkitBranches, readPodLog } from "./pod-evidence.js";

const ROUNDS = 3;
const TICKETS_PER_ROUND = 2;
const AGENTS = ["orchestrator-a", "orchestrator-b"] as const;
const TEST_TIMEOUT_MS = 300_000;

const openScenario = useOrchestratorScenarios(TEST_TIMEOUT_MS);

/** The `not accepted` lines an orchestrator logged: tickets whose ticket_accept it lost. */
function refusedAcceptances(run: RunningProcess): string[] {
  return run
    .stderr()
    .split("\n")
    .filter((line) => line.includes('"message":"not accepted"'))
    .map((line) => (JSON.parse(line) as { ticketId: string }).ticketId);
}

describe("two orchestrators racing for the same queued tickets", () => {
  it(
    "launch nothing for a ticket whose ticket_accept they lost",
    async () => {
      // Only notifications wake them (the scan backstop is a minute away), so both react to each queueing at once.
      const scenario = await openScenario({ leaseMs: 60_000, reconcileIntervalMs: 60_000, concurrency: 4 });
      const { repository, desk } = scenario;
      const rivals = AGENTS.map((agent) => scenario.start({ via: "fixture", agent }));
      await scenario.waitFor(
        "both orchestrators to route",
        () => (rivals.every((rival) => rival.stdout().includes("routing queued tickets")) ? true : undefined),
        { while: rivals },
      );

      const ticketIds: string[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const batch = await scenario.queueNew(
          Array.from({ length: TICKETS_PER_ROUND }, (_, index) => `race ${round + 1}.${index + 1}`),
        );
        ticketIds.push(...batch);
        await scenario.waitFor(
          `round ${round + 1} to finish`,
          async () => {
            const shown = await Promise.all(batch.map((ticketId) => desk.show(ticketId)));
            return shown.every((ticket) => ticket.state === "done") ? true : undefined;
          },
          { tickets: batch, while: rivals },
        );
      }
      for (const rival of rivals) expect(await stopProcess(rival)).toEqual({ code: 0, signal: null });

      const claims = rivals.map(acceptedLines);
      const mentioned = rivals.map(ticketsMentioned);
      const launched = readPodLog(repository.launchLog).map((line) => line.podId);
      const markers = readdirSync(repository.runDir).filter((name) => name.endsWith(".launched"));
      for (const ticketId of ticketIds) {
        const ticket = await desk.show(ticketId);
        const [token] = acceptanceTokens(ticket);
        const winners = claims.flatMap((claim, index) => (claim.has(ticketId) ? [index] : []));
        expect({ ticketId, acceptances: acceptanceTokens(ticket).length, winners: winners.length }).toEqual({
          ticketId,
          acceptances: 1,
          winners: 1,
        });
        const loser = 1 - (winners[0] ?? 0);
        // The loser printed nothing about it: no worktree, no Pod.
        expect({ ticketId, loserMentioned: mentioned[loser]?.has(ticketId) }).toEqual({
          ticketId,
          loserMentioned: false,
        });
        // Exactly the winner's Pods ran for it: one coder, one reviewer, named from its token.
        const pods = [`${ticketId}-t${token}-coder-1`, `${ticketId}-t${token}-reviewer-1`];
        expect(launched.filter((podId) => podId.startsWith(`${ticketId}-t`))).toEqual(pods);
        expect(markers.filter((name) => name.startsWith(`${ticketId}-t`)).sort()).toEqual(
          pods.map((podId) => `${podId}.launched`).sort(),
        );
        // The winner's branch, named from its token, outlives its worktree (removed once done).
        expect(
          listPodkitBranches(repository.directory).filter((branch) =>
            branch.startsWith(`podkit/${ticketId}-t`),
          ),
        ).toEqual([`podkit/${ticketId}-t${token}`]);
        expect(existsSync(`${repository.worktreeRoot}/${ticketId}-t${token}`)).toBe(false);
      }
      // The race was real: at least once, a process called ticket_accept and lost.
      const refused = rivals.flatMap(refusedAcceptances);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((ticketId) => ticketIds.includes(ticketId))).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );
});
