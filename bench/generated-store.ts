import fs from "node:fs";
import path from "node:path";
import { formatEventFile } from "../packages/ticket-lifecycle/src/backend/file/event-file-format.js";
import { eventFileName } from "../packages/ticket-lifecycle/src/backend/file/ticket-paths.js";
import { MemoryTicketBackend } from "../packages/ticket-lifecycle/src/backend/memory-ticket-backend.js";
import type { TicketEvent } from "../packages/ticket-lifecycle/src/domain/ticket-event.js";
import type { TicketState } from "../packages/ticket-lifecycle/src/domain/ticket-state.js";
import { DEFAULT_TICKET_POLICY } from "../packages/ticket-lifecycle/src/service/ticket-policy.js";
import { TicketService } from "../packages/ticket-lifecycle/src/service/ticket-service.js";

const INTAKE = { role: "intake", agentId: "intake-bench" };
const HUMAN = { role: "human", agentId: "bench" };
const ORCHESTRATOR = { role: "orchestrator", agentId: "orchestrator-bench" };

/**
 * Writes `count` tickets into a file store at `root` as event files, without fsync: ticket `T-n`
 * is in `states[(n - 1) % states.length]`. Each history is one the ticket service really wrote
 * (intake creates and readies, the human queues, an orchestrator accepts and completes or
 * blocks), copied with the ticket's own title and body, so the store audits clean — as a user's
 * does — while set-up stays fast: the store is the bench's input, not what it measures.
 */
export async function generateTickets(
  root: string,
  count: number,
  states: readonly TicketState[],
): Promise<void> {
  const templates = await historiesByState(new Set(states));
  for (let index = 1; index <= count; index += 1) {
    const state = states[(index - 1) % states.length] as TicketState;
    const eventsDir = path.join(root, `T-${index}`, "events");
    fs.mkdirSync(eventsDir, { recursive: true });
    for (const event of templates.get(state) ?? []) {
      const own: TicketEvent =
        event.kind === "create"
          ? {
              ...event,
              body: `Ticket ${index}: ${"details ".repeat(30)}\n`,
              data: { ...event.data, title: `Ticket number ${index}` },
            }
          : event;
      fs.writeFileSync(path.join(eventsDir, eventFileName(event.seq)), formatEventFile(own));
    }
  }
}

/** One real history per state, from the ticket service over a memory backend. */
async function historiesByState(states: ReadonlySet<TicketState>): Promise<Map<TicketState, TicketEvent[]>> {
  const backend = new MemoryTicketBackend();
  const service = new TicketService(backend, DEFAULT_TICKET_POLICY);
  const histories = new Map<TicketState, TicketEvent[]>();
  for (const state of states) {
    const ticketId = await driveTo(service, state);
    const record = await backend.read(ticketId);
    if (record === undefined) throw new Error(`the memory backend lost ${ticketId}`);
    histories.set(state, [...record.events]);
  }
  await backend.close();
  return histories;
}

/** Walks a new ticket to `state` the way the roles would; its id. */
async function driveTo(service: TicketService, state: TicketState): Promise<string> {
  const { ticket } = await service.create(INTAKE, { title: `Reach ${state}`, body: "Body.\n" });
  const id = ticket.id;
  await service.execute(INTAKE, id, { type: "comment", kind: "comment", body: "A comment." });
  if (state === "planning") return id;
  await service.execute(INTAKE, id, { type: "mark_ready", summary: "Ready to build." });
  if (state === "ready") return id;
  await service.execute(HUMAN, id, { type: "queue" }, { gate: true });
  if (state === "queued") return id;
  const accepted = await service.execute(ORCHESTRATOR, id, {
    type: "accept",
    holder: ORCHESTRATOR.agentId,
    requestId: `accept-${id}`,
    leaseMs: DEFAULT_TICKET_POLICY.leaseMs,
  });
  const token = accepted.event.token ?? accepted.event.seq;
  if (state === "inprogress") return id;
  if (state === "blocked") {
    await service.execute(ORCHESTRATOR, id, { type: "block", token, reason: "Needs a human decision." });
    return id;
  }
  await service.execute(ORCHESTRATOR, id, { type: "complete", token, summary: "Delivered." });
  if (state === "done") return id;
  await service.execute(HUMAN, id, { type: "close", resolution: "Shipped." });
  return id;
}
