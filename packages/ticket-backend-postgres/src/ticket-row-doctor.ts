import { isDeepStrictEqual } from "node:util";
import { reduceTicket, type Ticket, type TicketProblem } from "@podkit/ticket-lifecycle";
import { parseStoredEvents, ticketColumns } from "./stored-event.js";

/** One `tickets` row with its events, as the doctor reads them. */
export interface DoctorRow {
  readonly id: string;
  readonly seq: number;
  readonly state: string;
  readonly lease_holder: string | null;
  readonly lease_token: number | null;
  readonly lease_expires_at: Date | null;
  readonly snapshot: unknown;
  readonly events: readonly { seq: number; kind: string; at: string; event: unknown }[];
}

/**
 * Checks one ticket: its events parse and reduce, their columns agree with the stored events,
 * and the row's seq, state, lease and snapshot are what the events derive. A store written only
 * through the backend has none of these problems; they come from edits by hand or bugs.
 */
export function examineTicketRow(row: DoctorRow, schema: string): TicketProblem[] {
  const ticketId = row.id;
  const at = (where: string) => `${schema}.${where}`;
  const problems: TicketProblem[] = [];
  const report = (location: string, problem: string) => problems.push({ ticketId, location, problem });
  let ticket: Ticket;
  try {
    const events = parseStoredEvents(
      ticketId,
      row.events.map((stored) => stored.event),
      at(`ticket_events['${ticketId}']`),
    );
    row.events.forEach((stored, index) => {
      const event = events[index];
      if (event === undefined) return;
      const columns = [stored.seq, stored.kind, Date.parse(stored.at)];
      if (!isDeepStrictEqual(columns, [event.seq, event.kind, Date.parse(event.at)]))
        report(
          at(`ticket_events['${ticketId}', ${stored.seq}]`),
          `columns (seq ${stored.seq}, kind '${stored.kind}', at ${stored.at}) disagree with the stored event (seq ${event.seq}, kind '${event.kind}', at ${event.at})`,
        );
    });
    ticket = reduceTicket(ticketId, events);
  } catch (error) {
    report(at(`ticket_events['${ticketId}']`), (error as Error).message);
    return problems;
  }
  const location = at(`tickets['${ticketId}']`);
  if (row.seq !== ticket.seq) report(location, `seq is ${row.seq} but the history ends at seq ${ticket.seq}`);
  const expected = ticketColumns(ticket);
  const actual = [row.state, row.lease_holder, row.lease_token, row.lease_expires_at?.toISOString() ?? null];
  const expectedTimes = [
    expected[0],
    expected[1],
    expected[2],
    expected[3] && new Date(expected[3]).toISOString(),
  ];
  if (!isDeepStrictEqual(actual, expectedTimes))
    report(
      location,
      `state and lease columns ${JSON.stringify(actual)} disagree with the history ${JSON.stringify(expectedTimes)}`,
    );
  if (!isDeepStrictEqual(row.snapshot, JSON.parse(JSON.stringify(ticket))))
    report(location, "the snapshot differs from the ticket its history derives");
  return problems;
}
