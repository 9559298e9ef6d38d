import type { TicketEvent } from "../../domain/ticket-event.js";

const CAPACITY = 64;
const MAX_AGE_MS = 1_000;

/**
 * Histories this backend read a moment ago, so the `append` that follows a `read` (the service's
 * read–decide–append) need not read and parse the same immutable event files again. An entry is
 * used only when the events directory still lists exactly those seqs, and only briefly: `read`
 * always goes to the files, so in-place edits are seen by the next command.
 */
export class RecentHistories {
  readonly #entries = new Map<string, { readonly events: readonly TicketEvent[]; readonly at: number }>();

  remember(ticketId: string, events: readonly TicketEvent[]): void {
    this.#entries.delete(ticketId);
    this.#entries.set(ticketId, { events, at: Date.now() });
    if (this.#entries.size > CAPACITY) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  /** The remembered events of a ticket whose history is still `1..lastSeq`, if fresh enough. */
  recall(ticketId: string, lastSeq: number): readonly TicketEvent[] | undefined {
    const entry = this.#entries.get(ticketId);
    if (entry === undefined || entry.events.length !== lastSeq || Date.now() - entry.at > MAX_AGE_MS)
      return undefined;
    return entry.events;
  }
}
