import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  ACCEPT_WORKER,
  type AcceptWorkerOptions,
  readLogLines,
  startTogether,
  startTsxWorker,
} from "@podkit/harness";
import { afterEach, beforeEach, expect, it } from "vitest";
import { importQueuedTickets } from "../../packages/ticket-backend-postgres/src/testing/queued-tickets.js";
import {
  describeWithPostgres,
  openTestBackend,
  TEST_PG_URL,
  type TestBackend,
} from "../../packages/ticket-backend-postgres/src/testing/test-database.js";

const WORKERS = 8;
const TICKETS = 1_000;
/** Bounds a hang only: about 30 s on an idle 2-core machine. */
const RACE_TIMEOUT_MS = 240_000;

describeWithPostgres("acceptance race between processes on PostgreSQL", () => {
  let directory: string;
  let database: TestBackend;

  beforeEach(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-pg-race-"));
    database = await openTestBackend();
  });
  afterEach(async () => {
    await database.cleanup();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it(
    `gives each of ${TICKETS} queued tickets exactly one winner among ${WORKERS} processes`,
    async () => {
      const ticketIds = await importQueuedTickets(database.backend, TICKETS);
      const logs = Array.from({ length: WORKERS }, (_, worker) => path.join(directory, `won-${worker}.log`));
      const workers = logs.map((log, worker) =>
        startTsxWorker(
          ACCEPT_WORKER,
          {
            store: { kind: "postgres", url: TEST_PG_URL, schema: database.schema },
            worker,
            ticketIds,
            log,
          } satisfies AcceptWorkerOptions,
          { stdin: "pipe" },
        ),
      );
      await startTogether(workers, RACE_TIMEOUT_MS);
      const exits = await Promise.all(workers.map((worker) => worker.exited));
      exits.forEach((exit, index) => {
        expect({ exit, stderr: workers[index]?.stderr() }).toEqual({
          exit: { code: 0, signal: null },
          stderr: "",
        });
      });

      const winners = new Map<string, string[][]>();
      for (const line of logs.flatMap((log) => readLogLines(log).map((entry) => entry.split("\t")))) {
        winners.set(line[0] as string, [...(winners.get(line[0] as string) ?? []), line]);
      }
      expect(ticketIds.filter((ticketId) => winners.get(ticketId)?.length !== 1)).toEqual([]);
      const { tickets } = await database.backend.list();
      expect(tickets).toHaveLength(TICKETS);
      for (const ticket of tickets) {
        const [[, holder, token] = []] = winners.get(ticket.id) ?? [];
        expect({ id: ticket.id, state: ticket.state, lease: ticket.lease }).toMatchObject({
          id: ticket.id,
          state: "inprogress",
          lease: { holder, token: Number(token) },
        });
      }
      const acceptances = await database.backend.doctor();
      expect(acceptances).toEqual({ ok: true, checkedTickets: TICKETS, problems: [] });
      // More than one process won: the race was a race, not a queue.
      expect(new Set([...winners.values()].map((lines) => lines[0]?.[1])).size).toBeGreaterThan(1);
    },
    RACE_TIMEOUT_MS,
  );
});
