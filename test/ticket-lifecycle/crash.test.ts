import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  bundleWorker,
  type RunningProcess,
  readLogLines,
  startNodeWorker,
  waitForLine,
} from "@podkit/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileTicketBackend } from "../../packages/ticket-lifecycle/src/backend/file/file-ticket-backend.js";
import type { Ticket } from "../../packages/ticket-lifecycle/src/domain/ticket.js";
import type { TicketCommand } from "../../packages/ticket-lifecycle/src/domain/ticket-command.js";
import type { TicketEvent } from "../../packages/ticket-lifecycle/src/domain/ticket-event.js";
import { DEFAULT_TICKET_POLICY } from "../../packages/ticket-lifecycle/src/service/ticket-policy.js";
import { TicketService } from "../../packages/ticket-lifecycle/src/service/ticket-service.js";
import type { AcknowledgedWrite, CrashWriterOptions } from "./crash-writer.js";

const KILLS = 200;
const CONCURRENT_WRITERS = 3;
const TICKETS = 12;
/** About 40 s on an idle 2-core machine (process start-up dominates); several times that on a busy one. */
const CRASH_TIMEOUT_MS = 600_000;
const human = { role: "human", agentId: "alice" };

let directory: string;
let root: string;
let writerBundle: string;

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "podkit-crash-"));
  root = path.join(directory, "tickets");
  writerBundle = await bundleWorker(path.join(import.meta.dirname, "crash-writer.ts"), directory);
});

afterAll(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a writer and SIGKILLs it at a random moment of its work: after its first acknowledged
 * write (so every writer contributes, however slow the machine), 0-200 ms further on, which
 * lands anywhere in the transitions it is looping through. True if it died by the kill.
 */
async function killMidWrite(
  writer: number,
  ticketIds: string[],
  logs: string[],
): Promise<{ killed: boolean; worker: RunningProcess }> {
  const log = path.join(directory, `acknowledged-${writer}.log`);
  logs.push(log);
  const worker = startNodeWorker(writerBundle, { root, ticketIds, writer, log } satisfies CrashWriterOptions);
  await waitForLine(worker, "ack", 120_000);
  await sleep(Math.random() * 200);
  worker.child.kill("SIGKILL");
  const exit = await worker.exited;
  return { killed: exit.signal === "SIGKILL", worker };
}

/** A command that is valid for the ticket's state right now, for a fresh actor. */
function nextValidCommand(ticket: Ticket, now: Date): TicketCommand {
  const token = ticket.lease?.token ?? 0;
  // On a slow run a writer's lease may have lapsed: then resolving it is the next command.
  if (ticket.state === "inprogress" && Date.parse(ticket.lease?.expiresAt ?? "") <= now.getTime())
    return { type: "expire_lease" };
  switch (ticket.state) {
    case "planning":
      return { type: "mark_ready", summary: "after the crashes" };
    case "ready":
    case "blocked":
      return { type: "queue", reason: "after the crashes" };
    case "queued":
      return { type: "accept", holder: "survivor", requestId: `survivor-${ticket.id}`, leaseMs: 60_000 };
    case "inprogress":
      return { type: "report", kind: "progress", token, body: "after the crashes" };
    default:
      return { type: "comment", kind: "comment", body: "after the crashes" };
  }
}

/** Where each command type leaves its marker in the event it appends. */
function carriesMarker(event: TicketEvent, marker: string): boolean {
  return [event.body, event.reason, event.data?.requestId, event.data?.title].includes(marker);
}

/** Temp files and staging directories of writers (the `.tmp/` staging area itself stays). */
function tempFiles(): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter(
    (name) => name !== ".tmp" && (name.endsWith(".tmp") || name.startsWith(`.tmp${path.sep}`)),
  );
}

describe("writers killed mid-transition", () => {
  it(
    `loses no acknowledged write, needs no cleanup and leaves no ticket stuck after ${KILLS} SIGKILLs`,
    async () => {
      const backend = createFileTicketBackend({ root, createRoot: true });
      const service = new TicketService(backend, DEFAULT_TICKET_POLICY);
      const ticketIds: string[] = [];
      for (let index = 0; index < TICKETS; index += 1)
        ticketIds.push((await service.create(human, { title: `Crash ${index}` })).ticket.id);

      const logs: string[] = [];
      let kills = 0;
      let started = 0;
      const unexpected: string[] = [];
      const lane = async () => {
        while (kills < KILLS) {
          started += 1;
          const { killed, worker } = await killMidWrite(started, ticketIds, logs);
          if (killed) kills += 1;
          if (worker.stderr() !== "") unexpected.push(worker.stderr());
        }
      };
      await Promise.all(Array.from({ length: CONCURRENT_WRITERS }, lane));
      expect(unexpected).toEqual([]);
      expect(kills).toBeGreaterThanOrEqual(KILLS);

      // A fresh process's view: clean, with crash leftovers ignored rather than reported.
      const reopened = createFileTicketBackend({ root });
      expect((await reopened.doctor()).problems).toEqual([]);

      // Every write a writer saw acknowledged is in history, at its seq, with its marker.
      const acknowledged = logs.flatMap((log) =>
        readLogLines(log).map((line) => JSON.parse(line) as AcknowledgedWrite),
      );
      // Enough acknowledged writes that "none is missing" means something (thousands on an idle machine).
      expect(acknowledged.length).toBeGreaterThanOrEqual(50);
      const missing: AcknowledgedWrite[] = [];
      for (const write of acknowledged) {
        const event = (await reopened.read(write.ticketId))?.events[write.seq - 1];
        const present =
          event?.kind === write.kind &&
          event.actor.agentId === write.agentId &&
          carriesMarker(event, write.marker);
        if (!present) missing.push(write);
      }
      expect(missing).toEqual([]);

      // Nothing is stuck: every ticket, including those created by writers, takes its next command.
      const survivor = new TicketService(reopened, DEFAULT_TICKET_POLICY);
      const listed = await reopened.list();
      expect(listed.problems).toEqual([]);
      expect(listed.tickets.length).toBeGreaterThanOrEqual(TICKETS);
      for (const ticket of listed.tickets) {
        // A lease is written under by its holder only (a restarted holder, here), not by anyone with its token.
        const outcome = await survivor.execute(
          { role: "human", agentId: ticket.lease?.holder ?? "survivor" },
          ticket.id,
          nextValidCommand(ticket, await reopened.now()),
          { gate: true },
        );
        expect(outcome.record.ticket.seq).toBe(ticket.seq + 1);
      }
      expect((await survivor.create(human, { title: "After the crashes" })).ticket.id).toMatch(/^T-\d+$/);

      // Leftovers need no hand: once they are old, the doctor removes them and still reports nothing.
      const past = new Date(Date.now() - 120_000);
      for (const name of tempFiles()) fs.utimesSync(path.join(root, name), past, past);
      expect((await reopened.doctor()).problems).toEqual([]);
      expect(tempFiles()).toEqual([]);
    },
    CRASH_TIMEOUT_MS,
  );
});
