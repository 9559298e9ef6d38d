import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  ACCEPT_WORKER,
  type AcceptWorkerOptions,
  NaiveTicketBackend,
  readLogLines,
  startTogether,
  startTsxWorker,
} from "@podkit/harness";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileTicketBackend } from "../../packages/ticket-lifecycle/src/backend/file/file-ticket-backend.js";
import { MemoryTicketBackend } from "../../packages/ticket-lifecycle/src/backend/memory-ticket-backend.js";
import type { TicketBackend } from "../../packages/ticket-lifecycle/src/backend/ticket-backend.js";
import { DEFAULT_TICKET_POLICY } from "../../packages/ticket-lifecycle/src/service/ticket-policy.js";
import { TicketService } from "../../packages/ticket-lifecycle/src/service/ticket-service.js";

const WORKERS = 8;
const TICKETS = 500;
const human = { role: "human", agentId: "alice" };
/** About 20 s on an idle 2-core machine; fsync latency on a busy disk can stretch it several times. */
const RACE_TIMEOUT_MS = 240_000;

let directory: string;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-accept-race-"));
});

afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

/**
 * Brings `count` tickets to `queued` through the service: create → mark_ready → queue. With
 * `importInto`, the histories are made in memory and imported whole (one write per ticket).
 */
async function queueTickets(
  backend: TicketBackend,
  count: number,
  importInto?: TicketBackend,
): Promise<string[]> {
  const service = new TicketService(backend, DEFAULT_TICKET_POLICY);
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const { ticket } = await service.create(human, { title: `Race ${index + 1}` });
    await service.execute(human, ticket.id, { type: "mark_ready", summary: "Ready to race." });
    const queued = await service.execute(human, ticket.id, { type: "queue" }, { gate: true });
    await importInto?.importHistory(ticket.id, queued.record.events);
    ids.push(ticket.id);
  }
  return ids;
}

/** Runs the contenders to the end; returns every line of every log: `ticketId\tholder\ttoken`. */
async function race(store: AcceptWorkerOptions["store"], ticketIds: string[]): Promise<string[][]> {
  const logs = Array.from({ length: WORKERS }, (_, worker) => path.join(directory, `won-${worker}.log`));
  const workers = logs.map((log, worker) =>
    startTsxWorker(ACCEPT_WORKER, { store, worker, ticketIds, log } satisfies AcceptWorkerOptions, {
      stdin: "pipe",
    }),
  );
  await startTogether(workers);
  const exits = await Promise.all(workers.map((worker) => worker.exited));
  exits.forEach((exit, index) => {
    expect({ exit, stderr: workers[index]?.stderr() }).toEqual({
      exit: { code: 0, signal: null },
      stderr: "",
    });
  });
  return logs.flatMap((log) => readLogLines(log).map((line) => line.split("\t")));
}

function winnersByTicket(lines: string[][]): Map<string, string[][]> {
  const winners = new Map<string, string[][]>();
  for (const line of lines) winners.set(line[0] as string, [...(winners.get(line[0] as string) ?? []), line]);
  return winners;
}

describe("acceptance race between processes", () => {
  it(
    `gives each of ${TICKETS} queued tickets exactly one winner among ${WORKERS} processes (file backend)`,
    async () => {
      const root = path.join(directory, "tickets");
      const backend = createFileTicketBackend({ root, createRoot: true });
      const ticketIds = await queueTickets(backend, TICKETS);
      const winners = winnersByTicket(await race({ kind: "file", root }, ticketIds));

      const counts = ticketIds.map((ticketId) => winners.get(ticketId)?.length ?? 0);
      expect(counts.filter((count) => count !== 1)).toEqual([]);
      for (const ticketId of ticketIds) {
        const [[, holder, token] = []] = winners.get(ticketId) ?? [];
        const record = await backend.read(ticketId);
        expect(record?.ticket).toMatchObject({
          state: "inprogress",
          lease: { holder, token: Number(token) },
        });
        expect(record?.events.filter((event) => event.kind === "acceptance")).toHaveLength(1);
      }
      // More than one process won some tickets: the race was a race, not a queue.
      expect(new Set([...winners.values()].map((lines) => lines[0]?.[1])).size).toBeGreaterThan(1);
      expect((await backend.doctor()).problems).toEqual([]);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    "shows duplicate winners with a naive read-check-rename store (negative control)",
    async () => {
      const root = path.join(directory, "naive");
      fs.mkdirSync(root);
      const backend = new NaiveTicketBackend(root);
      const ticketIds = await queueTickets(new MemoryTicketBackend(), TICKETS, backend);
      const winners = winnersByTicket(await race({ kind: "naive", root }, ticketIds));

      const duplicated = ticketIds.filter((ticketId) => (winners.get(ticketId)?.length ?? 0) > 1);
      expect(duplicated.length).toBeGreaterThan(0);
      // The store recorded one acceptance where several processes were told they had won.
      const record = await backend.read(duplicated[0] as string);
      expect(record?.events.filter((event) => event.kind === "acceptance")).toHaveLength(1);
    },
    RACE_TIMEOUT_MS,
  );
});
