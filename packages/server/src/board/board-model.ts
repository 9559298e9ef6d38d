import type { Logger, PodkitEmitter } from "@podkit/core";
import type { Ticket, TicketBackend } from "@podkit/ticket-lifecycle";
import { BOARD_COLUMNS, type BoardCard, cardOf } from "./board-card.js";

/** A card that changed: where it is now, where it was (undefined for a new ticket), and when. */
export interface CardChange {
  readonly card: BoardCard;
  readonly previous: BoardCard | undefined;
  /** The model's version after this change: a page rendered at version V needs every change after V. */
  readonly version: number;
}

/** One column as the board shows it: the newest changes first, at most `limit` cards. */
export interface BoardColumnView {
  readonly state: BoardCard["state"];
  readonly title: string;
  /** Every ticket in the state, shown or not. */
  readonly count: number;
  readonly cards: readonly BoardCard[];
}

export interface BoardModelOptions {
  readonly backend: TicketBackend;
  /** The podkit event bus: the ticket feature emits `ticket-changed` from the backend's `watch()`. */
  readonly events: PodkitEmitter;
  /** The full re-read behind the notifications (default 30 s): a missed one costs at most this. */
  readonly reconcileIntervalMs?: number;
  /**
   * Whether a ticket's history is damaged (no granted command could have written it), as the
   * ticket service's audit says; its card is marked. Asked once per ticket and seq. Without it,
   * no card is marked.
   */
  readonly damaged?: (ticket: Ticket) => Promise<boolean>;
  readonly logger?: Logger;
}

/**
 * The board as a projection of the ticket store, held in memory: loaded once, kept current by
 * `ticket-changed` (one ticket re-read per change, bursts coalesced) and by a periodic full
 * reconcile. Rendering the board reads only memory, so its cost does not grow with the store's
 * I/O; every change is passed on to subscribers (the SSE streams) in the order it was applied.
 */
export class BoardModel {
  readonly #backend: TicketBackend;
  readonly #events: PodkitEmitter;
  readonly #reconcileIntervalMs: number;
  readonly #logger: Logger | undefined;
  readonly #damaged: ((ticket: Ticket) => Promise<boolean>) | undefined;
  readonly #cards = new Map<string, BoardCard>();
  /** The version at which each card last changed. */
  readonly #changedAt = new Map<string, number>();
  #version = 0;
  readonly #listeners = new Set<(change: CardChange) => void>();
  readonly #pending = new Set<string>();
  #draining: Promise<void> | undefined;
  #loaded: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopEvents: (() => void) | undefined;
  #closed = false;

  constructor(options: BoardModelOptions) {
    this.#backend = options.backend;
    this.#events = options.events;
    this.#reconcileIntervalMs = options.reconcileIntervalMs ?? 30_000;
    this.#logger = options.logger;
    this.#damaged = options.damaged;
  }

  /** Starts following changes and loads the store; `ready()` settles when the first load is done. */
  start(): void {
    if (this.#loaded !== undefined) return;
    // Subscribed before the load, so a change during it is applied after it, never lost.
    this.#stopEvents = this.#events.on("ticket-changed", (change) => this.#enqueue(change.ticketId));
    this.#loaded = this.#load();
    this.#timer = setInterval(() => {
      void this.reconcile().catch((error: unknown) =>
        this.#logger?.warn("board reconcile failed", { error: String(error) }),
      );
    }, this.#reconcileIntervalMs);
    this.#timer.unref();
  }

  /** Settles when the store has been read once; a failed read is tried again by the next caller. */
  async ready(): Promise<void> {
    this.start();
    try {
      await this.#loaded;
    } catch {
      this.#loaded = this.#load();
      await this.#loaded;
    }
  }

  /** The columns, each with its count and its `limit` most recently changed cards. */
  columns(limit: number): BoardColumnView[] {
    const byState = new Map<string, BoardCard[]>();
    for (const card of this.#cards.values()) {
      const list = byState.get(card.state);
      if (list === undefined) byState.set(card.state, [card]);
      else list.push(card);
    }
    return BOARD_COLUMNS.map(({ state, title }) => {
      const cards = byState.get(state) ?? [];
      cards.sort(newestFirst);
      return { state, title, count: cards.length, cards: cards.slice(0, limit) };
    });
  }

  /** How many tickets are in each board state. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = Object.fromEntries(BOARD_COLUMNS.map(({ state }) => [state, 0]));
    for (const card of this.#cards.values())
      if (card.state in counts) counts[card.state] = (counts[card.state] ?? 0) + 1;
    return counts;
  }

  card(ticketId: string): BoardCard | undefined {
    return this.#cards.get(ticketId);
  }

  /** Bumps with every applied change; pages carry it so their live stream misses nothing. */
  get version(): number {
    return this.#version;
  }

  /** The changes after `version`, oldest first: one per card, as it is now. */
  changesSince(version: number): CardChange[] {
    const changes: CardChange[] = [];
    for (const [ticketId, at] of this.#changedAt) {
      const card = this.#cards.get(ticketId);
      if (at > version && card !== undefined) changes.push({ card, previous: undefined, version: at });
    }
    return changes.sort((left, right) => left.version - right.version);
  }

  /**
   * Re-reads one ticket now. Called after the board's own action, so the page it redirects to
   * shows the change even before the store's notification arrives.
   */
  async refresh(ticketId: string): Promise<void> {
    await this.#loaded?.catch(() => {});
    const record = await this.#backend.read(ticketId);
    if (record !== undefined) await this.#applyAudited(record.ticket);
  }

  /** Hears every applied change; the returned function unsubscribes. */
  subscribe(listener: (change: CardChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The first full read; a failure is logged here and reported to whoever awaits `ready()`. */
  #load(): Promise<void> {
    const loading = this.reconcile();
    loading.catch((error: unknown) =>
      this.#logger?.warn("board could not read the store", { error: String(error) }),
    );
    return loading;
  }

  /** Re-reads the whole store and applies what differs (the safety net behind notifications). */
  async reconcile(): Promise<void> {
    const { tickets } = await this.#backend.list();
    for (const ticket of tickets) await this.#applyAudited(ticket);
  }

  close(): void {
    this.#closed = true;
    this.#stopEvents?.();
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#listeners.clear();
  }

  #enqueue(ticketId: string): void {
    if (this.#closed) return;
    this.#pending.add(ticketId);
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined;
    });
  }

  /** Re-reads pending tickets one at a time, so changes reach subscribers in commit order. */
  async #drain(): Promise<void> {
    // Changes wait for the first load; if it failed, re-reading each ticket still helps.
    await this.#loaded?.catch(() => {});
    while (this.#pending.size > 0 && !this.#closed) {
      const ticketId = this.#pending.values().next().value;
      if (ticketId === undefined) break;
      this.#pending.delete(ticketId);
      try {
        const record = await this.#backend.read(ticketId);
        if (record !== undefined) await this.#applyAudited(record.ticket);
      } catch (error) {
        // The next reconcile picks it up; the board must not stop over one unreadable ticket.
        this.#logger?.warn("board could not re-read a ticket", { ticketId, error: String(error) });
      }
    }
  }

  /** Applies a newer ticket with its damage judged first, so no damaged card is shown as healthy. */
  async #applyAudited(ticket: Ticket): Promise<void> {
    if (!this.#isNewer(ticket)) return;
    let damaged = false;
    try {
      damaged = (await this.#damaged?.(ticket)) ?? false;
    } catch (error) {
      this.#logger?.warn("board could not audit a ticket's history", {
        ticketId: ticket.id,
        error: String(error),
      });
    }
    this.#apply(ticket, damaged);
  }

  #isNewer(ticket: Ticket): boolean {
    const previous = this.#cards.get(ticket.id);
    return previous === undefined || previous.seq < ticket.seq;
  }

  #apply(ticket: Ticket, damaged: boolean): void {
    // Checked again: another read of a newer seq may have been applied during the audit.
    if (!this.#isNewer(ticket)) return;
    const previous = this.#cards.get(ticket.id);
    const card = cardOf(ticket, damaged);
    this.#version += 1;
    this.#cards.set(ticket.id, card);
    this.#changedAt.set(ticket.id, this.#version);
    const change = { card, previous, version: this.#version };
    for (const listener of this.#listeners) listener(change);
  }
}

function newestFirst(left: BoardCard, right: BoardCard): number {
  if (left.updatedAt !== right.updatedAt) return left.updatedAt < right.updatedAt ? 1 : -1;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}
