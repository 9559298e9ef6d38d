import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import {
  createPostgresTicketBackend,
  type PostgresTicketBackend,
} from "../../packages/ticket-backend-postgres/src/index.js";
import { importQueuedTickets } from "../../packages/ticket-backend-postgres/src/testing/queued-tickets.js";
import { describeWithPostgres } from "../../packages/ticket-backend-postgres/src/testing/test-database.js";
import type { RestartWorkerOptions } from "./fixtures/restart-worker.js";
import { go, readLogLines, startTsxWorker, type WorkerProcess, waitForLine } from "./processes.js";
import { ThrowawayCluster } from "./throwaway-cluster.js";

const TICKETS = 200;
const WORKERS = 2;
const WORKER_SCRIPT = path.join(import.meta.dirname, "fixtures/restart-worker.ts");
/** Bounds a hang only. */
const RESTART_TIMEOUT_MS = 240_000;
const PROGRESS = { timeout: 120_000, interval: 20 };

// Needs PODKIT_PG_URL like the rest (a machine with PostgreSQL 15), though it runs a server of its own.
describeWithPostgres("a PostgreSQL server restarting under working clients", () => {
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
      const workers: WorkerProcess[] = logs.map((log, worker) =>
        startTsxWorker(WORKER_SCRIPT, {
          url: cluster.url,
          worker,
          // Opposite orders: both make progress, and they meet in the middle.
          ticketIds: worker % 2 === 0 ? ticketIds : [...ticketIds].reverse(),
          log,
        } satisfies RestartWorkerOptions),
      );
      await Promise.all(workers.map((worker) => waitForLine(worker, "ready", RESTART_TIMEOUT_MS)));
      go(workers);
      const done = () => logs.flatMap(readLogLines).filter((line) => line.startsWith("done\t")).length;

      await vi.waitFor(() => expect(done()).toBeGreaterThanOrEqual(TICKETS / 10), PROGRESS);
      await cluster.stop("fast");
      const doneAtFirstRestart = done();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await cluster.start();

      await vi.waitFor(
        () => expect(done()).toBeGreaterThanOrEqual(doneAtFirstRestart + TICKETS / 10),
        PROGRESS,
      );
      await cluster.stop("immediate");
      const doneAtCrash = done();
      await new Promise((resolve) => setTimeout(resolve, 500));
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
