import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  fileChanges,
  type RunningProcess,
  readLogLines,
  startTogether,
  startTsxWorker,
  waitUntil,
} from "@podkit/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPostgresTicketBackend,
  type PostgresTicketBackend,
} from "../../packages/ticket-backend-postgres/src/index.js";
import { importQueuedTickets } from "../../packages/ticket-backend-postgres/src/testing/queued-tickets.js";
import type { RestartWorkerOptions } from "./fixtures/restart-worker.js";
import { ThrowawayCluster, throwawayClusterUnavailable } from "./throwaway-cluster.js";

const TICKETS = 200;
const WORKERS = 2;
const WORKER_SCRIPT = path.join(import.meta.dirname, "fixtures/restart-worker.ts");
/** Bounds a hang only. */
const RESTART_TIMEOUT_MS = 240_000;
/** How long the server stays down at each restart: clients see refused connections meanwhile. */
const OUTAGE_MS = 500;
const SCENARIO = "a PostgreSQL server restarting under working clients";

// Runs a server of its own (PostgreSQL 15 programs, and a `postgres` user when run as root),
// not the one of PODKIT_PG_URL: where that cannot be made, it skips and says why.
const unavailable = throwawayClusterUnavailable();
if (unavailable !== undefined) console.warn(`[${SCENARIO}] skipped: ${unavailable}.`);
describe.skipIf(unavailable !== undefined)(SCENARIO, () => {
  let directory: string;
  let cluster: ThrowawayCluster;
  let backend: PostgresTicketBackend;

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-pg-restart-"));
    cluster = await ThrowawayCluster.create();
    backend = await createPostgresTicketBackend({
      url: cluster.url,
      retry: { attempts: 40, maxDelayMs: 1_000 },
    });
  }, RESTART_TIMEOUT_MS);

  afterAll(async () => {
    await backend?.close();
    await cluster?.remove();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it(
    "loses no commit and accepts nothing twice across a clean and a crash restart; clients carry on by themselves",
    async () => {
      const ticketIds = await importQueuedTickets(backend, TICKETS);
      const logs = Array.from({ length: WORKERS }, (_, worker) =>
        path.join(directory, `worker-${worker}.log`),
      );
      const workers: RunningProcess[] = logs.map((log, worker) =>
        startTsxWorker(
          WORKER_SCRIPT,
          {
            url: cluster.url,
            worker,
            // Opposite orders: both make progress, and they meet in the middle.
            ticketIds: worker % 2 === 0 ? ticketIds : [...ticketIds].reverse(),
            log,
          } satisfies RestartWorkerOptions,
          { stdin: "pipe" },
        ),
      );
      await startTogether(workers, RESTART_TIMEOUT_MS);
      const done = () => logs.flatMap(readLogLines).filter((line) => line.startsWith("done\t")).length;
      const doneAtLeast = (count: number) =>
        waitUntil(`${count} of ${TICKETS} tickets done`, () => (done() >= count ? true : undefined), {
          wakeOn: [fileChanges(directory)],
          while: workers,
          timeoutMs: RESTART_TIMEOUT_MS,
        });

      await doneAtLeast(TICKETS / 10);
      await cluster.stop("fast");
      const doneAtFirstRestart = done();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      await cluster.start();

      await doneAtLeast(doneAtFirstRestart + TICKETS / 10);
      await cluster.stop("immediate");
      const doneAtCrash = done();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      await cluster.start();

      const exits = await Promise.all(workers.map((worker) => worker.exited));
      exits.forEach((exit, index) => {
        expect({ exit, stderr: workers[index]?.stderr() }).toEqual({
          exit: { code: 0, signal: null },
          stderr: "",
        });
      });
      // Both restarts came while the clients still had work left.
      expect(doneAtCrash).toBeLessThan(TICKETS);

      const lines = logs.flatMap(readLogLines).map((line) => line.split("\t"));
      const wins = lines.filter(([kind]) => kind === "won");
      expect(wins.map(([, ticketId]) => ticketId).sort()).toEqual([...ticketIds].sort());
      const { tickets } = await backend.list();
      expect(tickets.filter((ticket) => ticket.state !== "done").map((ticket) => ticket.id)).toEqual([]);
      for (const [, ticketId, holder, token] of wins) {
        const events = (await backend.read(ticketId as string))?.events ?? [];
        const acceptances = events.filter((event) => event.kind === "acceptance");
        expect({
          ticketId,
          acceptances: acceptances.map((event) => [event.data?.holder, event.token]),
        }).toEqual({
          ticketId,
          acceptances: [[holder, Number(token)]],
        });
        expect(events.map((event) => event.kind)).toEqual([
          "create",
          "intake_summary",
          "state_changed",
          "acceptance",
          "progress",
          "state_changed",
        ]);
      }
      expect(await backend.doctor()).toEqual({ ok: true, checkedTickets: TICKETS, problems: [] });
    },
    RESTART_TIMEOUT_MS,
  );
});
