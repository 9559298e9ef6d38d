import type { TicketChange, TicketState } from "@podkit/ticket-lifecycle";
import { TICKET_STATES } from "@podkit/ticket-lifecycle";
import type { Client, Notification, Pool } from "pg";
import { bind, type TicketStatements } from "./ticket-statements.js";

type Listener = (change: TicketChange) => void;

export interface TicketWatcherOptions {
  readonly pool: Pool;
  /** A new, unconnected client for the LISTEN session (a pooled one could be handed to others). */
  readonly connect: () => Client;
  readonly statements: TicketStatements;
  /** The polling backstop's period. */
  readonly pollIntervalMs: number;
  /**
   * How far back an incremental poll looks past the previous one: at least the longest a write
   * statement can run (its `changed_at` is taken when it starts, it becomes visible when it commits).
   */
  readonly lookbackMs: number;
  /** The first wait before reconnecting a dropped LISTEN connection; doubles up to 5 s while it fails. */
  readonly reconnectDelayMs?: number;
  /** Told about failed polls and lost LISTEN connections; the watcher itself carries on. */
  readonly onError?: (error: unknown) => void;
}

const STATES = new Set<string>(TICKET_STATES);
const MAX_RECONNECT_DELAY_MS = 5_000;

/**
 * Reports committed changes of any process as `{ ticketId, seq, state }`: LISTEN/NOTIFY rings the
 * doorbell at once, and a poll every `pollIntervalMs` compares each ticket's seq with the last one
 * reported, so a notification lost with a dropped connection costs only latency. A dropped LISTEN
 * connection reconnects with backoff and rescans every ticket. Changes are coalesced per ticket
 * (the latest seq is reported) and never reported twice.
 */
export class TicketWatcher {
  readonly #options: TicketWatcherOptions;
  readonly #listeners = new Set<Listener>();
  /** The last seq reported (or found at start) per ticket. */
  readonly #seen = new Map<string, number>();
  #client: Client | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #reconnectDelay: number;
  /** Database time the next incremental poll reads from; undefined: scan every ticket. */
  #since: Date | undefined;
  /** When the first listener subscribed (monotonic): changes since then are news on the first scan. */
  #startedAt = 0;
  #baselined = false;
  #polling: Promise<void> | undefined;
  #running = false;

  constructor(options: TicketWatcherOptions) {
    this.#options = options;
    this.#reconnectDelay = this.#firstReconnectDelay;
  }

  get #firstReconnectDelay(): number {
    return this.#options.reconnectDelayMs ?? 100;
  }

  /** Adds a listener; the returned function removes it. Watching runs while there is a listener. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    if (!this.#running) this.#start();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) void this.close();
    };
  }

  /** Stops listening and polling and forgets the listeners. */
  async close(): Promise<void> {
    this.#running = false;
    this.#listeners.clear();
    clearTimeout(this.#pollTimer);
    clearTimeout(this.#reconnectTimer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
    await this.#polling;
  }

  #start(): void {
    this.#running = true;
    this.#startedAt = performance.now();
    this.#baselined = false;
    this.#since = undefined;
    this.#seen.clear();
    void this.#listen();
    this.#schedulePoll(0);
  }

  async #listen(): Promise<void> {
    if (!this.#running) return;
    const client = this.#options.connect();
    const lost = (error?: unknown) => {
      if (this.#client !== client) return;
      this.#client = undefined;
      client.end().catch(() => {});
      if (error !== undefined) this.#options.onError?.(error);
      this.#reconnectLater();
    };
    client.on("error", lost);
    client.on("end", () => lost());
    client.on("notification", (message) => this.#notified(message));
    this.#client = client;
    try {
      await client.connect();
      await client.query(`LISTEN "${this.#options.statements.names.channel}"`);
      this.#reconnectDelay = this.#firstReconnectDelay;
      // Whatever happened while nobody listened shows up in a full comparison.
      if (this.#baselined) this.#since = undefined;
      this.#schedulePoll(0);
    } catch (error) {
      lost(error);
    }
  }

  #reconnectLater(): void {
    if (!this.#running) return;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => void this.#listen(), this.#reconnectDelay);
    this.#reconnectTimer.unref();
    this.#reconnectDelay = Math.min(MAX_RECONNECT_DELAY_MS, this.#reconnectDelay * 2);
  }

  #notified(message: Notification): void {
    let change: unknown;
    try {
      change = JSON.parse(message.payload ?? "");
    } catch {
      return;
    }
    const { ticketId, seq, state } = (change ?? {}) as Record<string, unknown>;
    if (typeof ticketId === "string" && typeof seq === "number") this.#report(ticketId, seq, state);
  }

  #schedulePoll(delayMs: number): void {
    if (!this.#running) return;
    clearTimeout(this.#pollTimer);
    this.#pollTimer = setTimeout(() => {
      this.#polling = this.#poll().finally(() => {
        this.#polling = undefined;
        this.#schedulePoll(this.#options.pollIntervalMs);
      });
    }, delayMs);
    this.#pollTimer.unref();
  }

  async #poll(): Promise<void> {
    const since = this.#since;
    let result: { polled_at: Date; rows: [string, number, string, string][] } | undefined;
    try {
      const answer = await this.#options.pool.query(bind(this.#options.statements.poll, [since ?? null]));
      result = answer.rows[0];
    } catch (error) {
      this.#options.onError?.(error);
      return;
    }
    if (result === undefined || !this.#running) return;
    const polledAt = result.polled_at.getTime();
    // On the first scan, only changes since the first listener subscribed (plus the lookback) are news.
    const newsFrom = this.#baselined
      ? Number.NEGATIVE_INFINITY
      : polledAt - (performance.now() - this.#startedAt) - this.#options.lookbackMs;
    for (const [ticketId, seq, state, changedAt] of result.rows) {
      if (this.#baselined || Date.parse(changedAt) >= newsFrom) this.#report(ticketId, seq, state);
      else if ((this.#seen.get(ticketId) ?? 0) < seq) this.#seen.set(ticketId, seq);
    }
    this.#baselined = true;
    this.#since = new Date(polledAt - this.#options.lookbackMs);
  }

  #report(ticketId: string, seq: number, state: unknown): void {
    if ((this.#seen.get(ticketId) ?? 0) >= seq) return;
    this.#seen.set(ticketId, seq);
    const change: TicketChange = {
      ticketId,
      seq,
      ...(typeof state === "string" && STATES.has(state) ? { state: state as TicketState } : {}),
    };
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#options.onError?.(error);
      }
    }
  }
}
