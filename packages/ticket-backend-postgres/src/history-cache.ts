import type { Ticket, TicketEvent } from "@podkit/ticket-lifecycle";

/** A ticket's history as last seen, with the ticket it reduces to. */
export interface CachedHistory {
  readonly events: readonly TicketEvent[];
  readonly ticket: Ticket;
}

/**
 * Committed histories this process has read or written, so a read or an append fetches only the
 * events after the ones it has. Sound because committed events never change: a history only
 * grows, and a row whose seq is below the cached length (a restored database) drops the entry.
 * Least recently used entries go first once `capacity` is reached.
 */
export class HistoryCache {
  readonly #entries = new Map<string, CachedHistory>();

  constructor(readonly capacity = 2_000) {}

  get(ticketId: string): CachedHistory | undefined {
    const entry = this.#entries.get(ticketId);
    if (entry !== undefined) {
      this.#entries.delete(ticketId);
      this.#entries.set(ticketId, entry);
    }
    return entry;
  }

  /** Remembers a committed history; never call it with events whose commit is not certain. */
  set(ticketId: string, entry: CachedHistory): void {
    this.#entries.delete(ticketId);
    this.#entries.set(ticketId, entry);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  delete(ticketId: string): void {
    this.#entries.delete(ticketId);
  }

  clear(): void {
    this.#entries.clear();
  }
}
