import type { TicketBackend, TicketEvent } from "@podkit/ticket-lifecycle";
import { PostgresTicketBackend } from "../postgres-ticket-backend.js";

const intake = { role: "intake", agentId: "intake-1" };
const human = { role: "human", agentId: "alice" };

/** The history of a ticket a human queued: create → intake summary → queue. */
export function queuedHistory(title: string, at = new Date()): TicketEvent[] {
  const time = (offset: number) => new Date(at.getTime() + offset).toISOString();
  return [
    {
      seq: 1,
      kind: "create",
      to: "planning",
      actor: intake,
      at: time(0),
      body: "",
      data: { title, priority: "normal" },
    },
    {
      seq: 2,
      kind: "intake_summary",
      from: "planning",
      to: "ready",
      actor: intake,
      at: time(1),
      body: "Ready.",
    },
    { seq: 3, kind: "state_changed", from: "ready", to: "queued", actor: human, at: time(2) },
  ];
}

/**
 * Stores `count` queued tickets `T-1` … `T-count`: in batches through `importHistories` on
 * PostgreSQL, else through `importHistory`, `concurrency` at a time — far faster than walking
 * each through the service, with the same histories.
 */
export async function importQueuedTickets(
  backend: TicketBackend,
  count: number,
  concurrency = 8,
): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, index) => `T-${index + 1}`);
  const at = await backend.now();
  if (backend instanceof PostgresTicketBackend) {
    const { existing } = await backend.importHistories(
      ids.map((ticketId) => ({ ticketId, events: queuedHistory(`Queued ${ticketId}`, at) })),
    );
    if (existing.length > 0) throw new Error(`tickets exist already: ${existing.join(", ")}`);
    return ids;
  }
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const ticketId = ids[next] as string;
      next += 1;
      await backend.importHistory(ticketId, queuedHistory(`Queued ${ticketId}`, at));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}
