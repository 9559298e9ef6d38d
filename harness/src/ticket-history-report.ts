/** One history event, as `ticket_show` returns it (actor `role/agent`) or as a backend stores it (actor object). */
export interface ReportedEvent {
  readonly seq: number;
  readonly kind: string;
  readonly actor: string | { readonly role: string; readonly agentId: string };
  readonly at: string;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly token?: number | undefined;
  readonly reason?: string | undefined;
  readonly body?: string | undefined;
}

/** What a failure message says about one ticket: its state, its lease and its last events. */
export interface ReportedTicket {
  readonly id: string;
  readonly state: string;
  readonly lease?:
    | { readonly holder: string; readonly token: number; readonly expiresAt: string }
    | null
    | undefined;
  readonly events: readonly ReportedEvent[];
}

/** Events shown per ticket: enough to see where its pipeline stopped. */
const LAST_EVENTS = 8;
const TEXT_CHARS = 160;

/**
 * `T-3 inprogress, lease orch-a t4 until …; 9 events, the last 8:` followed by one line per
 * event — what a scenario prints about each ticket it waited for when the wait fails, so a
 * failure says whether the ticket was blocked, still queued or never woken.
 */
export function reportTicket(ticket: ReportedTicket, lastEvents = LAST_EVENTS): string {
  const lease =
    ticket.lease === undefined || ticket.lease === null
      ? "no lease"
      : `lease ${ticket.lease.holder} t${ticket.lease.token} until ${ticket.lease.expiresAt}`;
  const shown = ticket.events.slice(-lastEvents);
  const header = `${ticket.id} ${ticket.state}, ${lease}; ${ticket.events.length} events${shown.length < ticket.events.length ? `, the last ${shown.length}` : ""}:`;
  return [header, ...shown.map((event) => `  ${reportEvent(event)}`)].join("\n");
}

/**
 * Reports every ticket through `read` (a ticket that cannot be read says why), for a failure
 * message: see {@link reportTicket}.
 */
export async function reportTickets(
  ticketIds: readonly string[],
  read: (ticketId: string) => Promise<ReportedTicket | undefined>,
): Promise<string> {
  const lines: string[] = [];
  for (const ticketId of ticketIds) {
    try {
      const ticket = await read(ticketId);
      lines.push(ticket === undefined ? `${ticketId}: no such ticket` : reportTicket(ticket));
    } catch (error) {
      lines.push(`${ticketId}: could not be read: ${(error as Error).message}`);
    }
  }
  return lines.join("\n");
}

function reportEvent(event: ReportedEvent): string {
  const actor = typeof event.actor === "string" ? event.actor : `${event.actor.role}/${event.actor.agentId}`;
  const move = event.to === undefined ? "" : ` ${event.from ?? ""}→${event.to}`;
  const token = event.token === undefined ? "" : ` t${event.token}`;
  const text = oneLine(event.reason ?? event.body ?? "");
  return `#${event.seq} ${event.at} ${event.kind}${move}${token} by ${actor}${text === "" ? "" : `: ${text}`}`;
}

function oneLine(text: string): string {
  const flat = text.replaceAll(/\s+/g, " ").trim();
  return flat.length > TEXT_CHARS ? `${flat.slice(0, TEXT_CHARS)}…` : flat;
}
