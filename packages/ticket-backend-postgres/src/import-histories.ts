import { reduceTicket, requireStorableEvent, type TicketEvent } from "@podkit/ticket-lifecycle";
import { sameHistory } from "./commit-time.js";
import { isRetryableError } from "./connection-retry.js";
import { parseStoredEvents, ticketColumns, toEventRow } from "./stored-event.js";
import type { TicketDatabase } from "./ticket-database.js";

/** Tickets per statement. */
const IMPORT_BATCH = 500;

/** What a bulk import stored and what it left alone. */
export interface ImportHistoriesResult {
  readonly imported: readonly string[];
  /** Ids that exist already; their tickets are unchanged. */
  readonly existing: readonly string[];
}

/**
 * Stores many complete histories, {@link IMPORT_BATCH} tickets a statement, each statement all or
 * nothing. Every history is checked first: a damaged one refuses the whole call (`corrupt`), and
 * so does text no ticket store may hold (`invalid_input`), before anything is written.
 */
export async function importHistories(
  database: TicketDatabase,
  histories: readonly { readonly ticketId: string; readonly events: readonly TicketEvent[] }[],
): Promise<ImportHistoriesResult> {
  const rows = histories.map(({ ticketId, events }) => {
    for (const event of events) requireStorableEvent({ ticketId, event, actor: event.actor });
    const checked = parseStoredEvents(ticketId, JSON.parse(JSON.stringify(events)), "the imported history");
    const ticket = reduceTicket(ticketId, checked);
    const [state, lease_holder, lease_token, lease_expires_at] = ticketColumns(ticket);
    const row = { id: ticketId, seq: ticket.seq, state, lease_holder, lease_token, lease_expires_at };
    return { ...row, snapshot: ticket, events: checked.map(toEventRow) };
  });
  const imported = new Set<string>();
  for (let start = 0; start < rows.length; start += IMPORT_BATCH) {
    const batch = rows.slice(start, start + IMPORT_BATCH);
    const inserted = await database.writing("importing tickets", async () => {
      try {
        return await database.rows<{ id: string }>(database.statements.insertMany, [
          JSON.stringify(batch),
          database.statements.names.channel,
        ]);
      } catch (error) {
        // A batch whose outcome is unknown committed if its first ticket is there as sent.
        const first = batch[0];
        if (first === undefined || !isRetryableError(error)) throw error;
        const found = await database.history(first.id, false).catch(() => undefined);
        const sent = first.events.map((row) => row.event);
        if (found !== undefined && sameHistory(found.events, sent))
          return batch.map((row) => ({ id: row.id }));
        throw error;
      }
    });
    for (const row of inserted) imported.add(row.id);
  }
  const ids = histories.map((history) => history.ticketId);
  return { imported: ids.filter((id) => imported.has(id)), existing: ids.filter((id) => !imported.has(id)) };
}
