import type { Toolset } from "@podkit/core";

/** A ticket tool refused or failed; `code` is the tool's (`lease_lost`, `conflict`, …). */
export class TicketToolError extends Error {
  override readonly name = "TicketToolError";
  constructor(
    readonly tool: string,
    readonly code: string,
    message: string,
  ) {
    super(`${tool}: ${code}: ${message}`);
  }
}

export interface LeaseView {
  readonly holder: string;
  readonly token: number;
  readonly expiresAt: string;
}

export interface TicketSummaryView {
  readonly id: string;
  readonly title: string;
  readonly state: string;
  readonly dependsOn: readonly string[];
  readonly lease: LeaseView | null;
  readonly seq: number;
}

export interface EventView {
  readonly seq: number;
  readonly kind: string;
  readonly actor: string;
  readonly at: string;
  readonly to?: string;
  readonly reason?: string;
  readonly token?: number;
  readonly body?: string;
  readonly data?: {
    readonly details?: Readonly<Record<string, unknown>>;
    readonly verdict?: string;
    /** The reviewer Pod of a review bound to its attempt. */
    readonly podId?: string;
  };
}

export interface TicketDetailView extends TicketSummaryView {
  readonly reviews: readonly {
    readonly verdict: string;
    readonly body: string;
    readonly token?: number;
    readonly at: string;
  }[];
  readonly events: readonly EventView[];
}

type Details = Readonly<Record<string, string | number | boolean | null>>;

/**
 * The orchestrator's only way to the ticket domain: typed calls through its role's toolset,
 * exactly as a model would make them. Refusals throw {@link TicketToolError}.
 */
export class TicketClient {
  constructor(readonly toolset: Toolset) {}

  get agentId(): string {
    return this.toolset.actor.agentId;
  }

  async list(states: readonly string[]): Promise<TicketSummaryView[]> {
    const output = await this.#call<{ tickets: TicketSummaryView[] }>("ticket_list", { states, limit: 500 });
    return output.tickets;
  }

  async show(ticketId: string, historyLimit = 500): Promise<TicketDetailView> {
    const output = await this.#call<{ ticket: TicketDetailView; history: { events: EventView[] } }>(
      "ticket_show",
      {
        ticketId,
        historyLimit,
        // Failure and review bodies feed block reasons and summaries: read them whole (bounded).
        bodyLimit: 4_000,
      },
    );
    return { ...output.ticket, events: output.history.events };
  }

  async accept(ticketId: string, requestId: string, leaseMs: number): Promise<LeaseView> {
    const output = await this.#call<{ lease: LeaseView }>("ticket_accept", { ticketId, requestId, leaseMs });
    return output.lease;
  }

  async renew(ticketId: string, token: number, leaseMs: number): Promise<LeaseView> {
    return (await this.#call<{ lease: LeaseView }>("ticket_renew_lease", { ticketId, token, leaseMs })).lease;
  }

  async report(
    ticketId: string,
    token: number,
    kind: "progress" | "intent" | "failure",
    body: string,
    details?: Details,
  ): Promise<void> {
    await this.#call("ticket_report", {
      ticketId,
      token,
      kind,
      body,
      ...(details === undefined ? {} : { details }),
    });
  }

  async block(ticketId: string, token: number, reason: string): Promise<void> {
    await this.#call("ticket_block", { ticketId, token, reason });
  }

  async complete(ticketId: string, token: number, summary: string): Promise<void> {
    await this.#call("ticket_complete", { ticketId, token, summary });
  }

  async comment(ticketId: string, body: string): Promise<void> {
    await this.#call("ticket_comment", { ticketId, body });
  }

  async sweep(): Promise<{ ticketId: string; outcome: string; reason: string }[]> {
    return (
      await this.#call<{ swept: { ticketId: string; outcome: string; reason: string }[] }>(
        "ticket_sweep_leases",
        {},
      )
    ).swept;
  }

  async #call<T = unknown>(tool: string, input: unknown): Promise<T> {
    const result = await this.toolset.call(tool, input);
    if (!result.ok) throw new TicketToolError(tool, result.error.code, result.error.message);
    return result.output as T;
  }
}
