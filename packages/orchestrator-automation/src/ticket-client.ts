import { type FeatureToolset, featureToolset, ToolRefusedError, type Toolset } from "@podkit/core";
import type {
  TicketFeature,
  TicketToolInput,
  TicketToolName,
  TicketToolOutput,
} from "@podkit/ticket-lifecycle";

/** A lease as `ticket_accept` and `ticket_renew_lease` return it. */
export type LeaseView = TicketToolOutput<"ticket_accept">["lease"];

/** A ticket as `ticket_list` returns it. */
export type TicketSummaryView = TicketToolOutput<"ticket_list">["tickets"][number];

/** One history entry as `ticket_show` returns it. */
export type EventView = TicketToolOutput<"ticket_show">["history"]["events"][number];

/** A ticket as `ticket_show` returns it, with its history (whole, unless a limit was asked for). */
export type TicketDetailView = TicketToolOutput<"ticket_show">["ticket"] & {
  readonly events: readonly EventView[];
};

/** A lease that a sweep resolved, as `ticket_sweep_leases` returns it. */
export type SweptLeaseView = TicketToolOutput<"ticket_sweep_leases">["swept"][number];

type ReportInput = TicketToolInput<"ticket_report">;

/** The most `ticket_list` and `ticket_show` return in one call: longer lists and histories are read page by page. */
const PAGE = 500;

/**
 * The orchestrator's only way to the ticket domain: typed calls through its role's toolset,
 * exactly as a model would make them. Refusals throw `ToolRefusedError`.
 */
export class TicketClient {
  readonly #tickets: FeatureToolset<TicketFeature>;

  /** Calls tickets through `toolset`, which must hold the orchestrator role. */
  constructor(
    /** The orchestrator-role toolset every call goes through. */
    readonly toolset: Toolset,
  ) {
    this.#tickets = featureToolset<TicketFeature>(toolset);
  }

  /** The agent id the orchestrator acts as (the lease holder it appears as). */
  get agentId(): string {
    return this.toolset.actor.agentId;
  }

  /**
   * Every ticket in the given states, read page by page. A ticket that moves meanwhile may be
   * missed or seen twice (each appears once here); the next scan sees it where it went.
   */
  async list(states: TicketToolInput<"ticket_list">["states"]): Promise<TicketSummaryView[]> {
    const seen = new Map<string, TicketSummaryView>();
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.#call("ticket_list", { states, limit: PAGE, offset });
      for (const ticket of page.tickets) if (!seen.has(ticket.id)) seen.set(ticket.id, ticket);
      if (!page.truncated || page.tickets.length === 0) return [...seen.values()];
    }
  }

  /**
   * One ticket with its whole history, read back page by page from the newest event (older
   * events never change, so the pages join up); with `historyLimit`, only that many latest events.
   */
  async show(ticketId: string, historyLimit?: number): Promise<TicketDetailView> {
    const first = await this.#showPage(ticketId, Math.min(historyLimit ?? PAGE, PAGE));
    const pages = [first.history.events];
    let wanted = (historyLimit ?? Number.POSITIVE_INFINITY) - first.history.returned;
    for (let before = first.history.nextBefore; before !== null && wanted > 0; ) {
      const older = await this.#showPage(ticketId, Math.min(wanted, PAGE), before);
      pages.unshift(older.history.events);
      wanted -= older.history.returned;
      before = older.history.returned === 0 ? null : older.history.nextBefore;
    }
    return { ...first.ticket, events: pages.flat() };
  }

  #showPage(ticketId: string, historyLimit: number, historyBefore?: number) {
    return this.#call("ticket_show", {
      ticketId,
      historyLimit,
      ...(historyBefore === undefined ? {} : { historyBefore }),
      // Failure and review bodies feed block reasons and summaries: read them whole (bounded).
      bodyLimit: 4_000,
    });
  }

  /** Accepts a queued ticket; retried with the same `requestId`, it does not accept twice. */
  async accept(ticketId: string, requestId: string, leaseMs: number): Promise<LeaseView> {
    return (await this.#call("ticket_accept", { ticketId, requestId, leaseMs })).lease;
  }

  /** Extends the lease held under `token`. */
  async renew(ticketId: string, token: number, leaseMs: number): Promise<LeaseView> {
    return (await this.#call("ticket_renew_lease", { ticketId, token, leaseMs })).lease;
  }

  /** Records progress, an intent or a failure under `token`. */
  async report(
    ticketId: string,
    token: number,
    kind: ReportInput["kind"],
    body: string,
    details?: ReportInput["details"],
  ): Promise<void> {
    await this.#call("ticket_report", {
      ticketId,
      token,
      kind,
      body,
      ...(details === undefined ? {} : { details }),
    });
  }

  /** Moves the ticket held under `token` to `blocked`. */
  async block(ticketId: string, token: number, reason: string): Promise<void> {
    await this.#call("ticket_block", { ticketId, token, reason });
  }

  /** Moves the ticket held under `token` to `done`. */
  async complete(ticketId: string, token: number, summary: string): Promise<void> {
    await this.#call("ticket_complete", { ticketId, token, summary });
  }

  /** Adds a comment to the ticket's thread. */
  async comment(ticketId: string, body: string): Promise<void> {
    await this.#call("ticket_comment", { ticketId, body });
  }

  /** Resolves expired leases of dead holders, as the policy says. */
  async sweep(): Promise<SweptLeaseView[]> {
    return (await this.#call("ticket_sweep_leases", {})).swept;
  }

  /** Takes the named store lock for `ttlMs` (or extends it when already ours); who holds it either way. */
  async acquireLock(name: string, ttlMs: number): Promise<TicketToolOutput<"ticket_lock_acquire">> {
    return this.#call("ticket_lock_acquire", { name, ttlMs });
  }

  /** Gives up the named store lock if we hold it; whether we did. */
  async releaseLock(name: string): Promise<boolean> {
    return (await this.#call("ticket_lock_release", { name })).released;
  }

  async #call<Name extends TicketToolName>(
    tool: Name,
    input: TicketToolInput<Name>,
  ): Promise<TicketToolOutput<Name>> {
    const result = await this.#tickets.call(tool, input);
    if (!result.ok) throw new ToolRefusedError(tool, result.error);
    return result.output;
  }
}
