import { expect } from "vitest";
import type { TicketBackend } from "../backend/ticket-backend.js";
import type { TicketCommand } from "../domain/ticket-command.js";
import { TicketError, type TicketErrorCode } from "../domain/ticket-error.js";
import type { EventActor } from "../domain/ticket-event.js";
import type { TicketState } from "../domain/ticket-state.js";
import { DEFAULT_TICKET_POLICY, type TicketPolicy } from "../service/ticket-policy.js";
import { TicketService } from "../service/ticket-service.js";

/** The part of a controllable clock the suite drives; the backend must read the same clock. */
export interface ConformanceClock {
  advance(ms: number): void | Promise<void>;
}

/** One fresh, empty backend for one test, and how to dispose of it. */
export interface TicketBackendHarness {
  readonly backend: TicketBackend;
  /**
   * The clock the backend reads, when the test can move it. Without one (database time), lease
   * expiry is tested with minimum-length leases and real waiting.
   */
  readonly clock?: ConformanceClock;
  /**
   * Opens another backend on the same store (another instance, as another process would), for
   * stores that can be shared; the test closes it.
   */
  readonly openPeer?: () => Promise<TicketBackend>;
  /** Closes the backend and removes whatever `create` made (temp directories, schemas). */
  cleanup(): Promise<void>;
}

/** Who does what in the suite's histories. */
export const ACTORS = {
  intake: { role: "intake", agentId: "intake-1" },
  human: { role: "human", agentId: "human-1" },
  orchestrator: { role: "orchestrator", agentId: "orchestrator-1" },
  rival: { role: "orchestrator", agentId: "orchestrator-2" },
  reviewer: { role: "reviewer", agentId: "reviewer-1" },
  sweeper: { role: "orchestrator", agentId: "sweeper-1" },
} as const satisfies Record<string, EventActor>;

/** Lease length for tests that need the lease to stay live throughout. */
export const LIVE_LEASE_MS = 60_000;
const MINIMUM_LEASE_MS = 1_000;

/** A ticket brought to a state by legal moves; `token` is the live (or last) lease token. */
export interface DrivenTicket {
  readonly ticketId: string;
  readonly token?: number;
}

/** What each conformance test works with: the backend under test and helpers over it. */
export class ConformanceContext {
  /** A ticket service over the backend under test, with the default policy. */
  readonly service: TicketService;
  /** Lease length for tests that let the lease lapse: short on real time, so waiting is cheap. */
  readonly lapsingLeaseMs: number;

  constructor(
    /** The backend opened for this test, its clock and its cleanup. */
    readonly harness: TicketBackendHarness,
  ) {
    this.service = this.serviceWith({});
    // Shorter than a live lease, so passing one's expiry leaves live leases of the same test alone.
    this.lapsingLeaseMs = harness.clock === undefined ? MINIMUM_LEASE_MS : LIVE_LEASE_MS / 6;
  }

  /** The backend under test. */
  get backend(): TicketBackend {
    return this.harness.backend;
  }

  /** A service over the same backend with other policy settings (a second process, say). */
  serviceWith(policy: Partial<TicketPolicy>): TicketService {
    return new TicketService(this.harness.backend, { ...DEFAULT_TICKET_POLICY, ...policy });
  }

  /** Moves the backend's clock past `expiresAt`: advancing it, or waiting on real time. */
  async passExpiry(expiresAt: string): Promise<void> {
    const deadline = Date.parse(expiresAt);
    const clock = this.harness.clock;
    if (clock !== undefined) {
      const now = (await this.backend.now()).getTime();
      if (now <= deadline) await clock.advance(deadline - now + 1);
      return;
    }
    // Database time may differ from ours, so wait until the backend itself says it has passed.
    for (;;) {
      const remaining = deadline - (await this.backend.now()).getTime();
      if (remaining < 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(remaining + 20, 1_000)));
    }
  }

  /** Applies one command through {@link ConformanceContext.service}, as `TicketService.execute` does. */
  async execute(
    actor: EventActor,
    ticketId: string,
    command: TicketCommand,
    options: { gate?: boolean; requireState?: TicketState } = {},
  ) {
    return this.service.execute(actor, ticketId, command, options);
  }

  /** Creates a ticket and walks it to `state` along the workflow; returns the lease token on the way. */
  async driveTo(
    state: TicketState,
    options: { leaseMs?: number; holder?: EventActor; title?: string } = {},
  ): Promise<DrivenTicket> {
    const holder = options.holder ?? ACTORS.orchestrator;
    const created = await this.service.create(ACTORS.intake, {
      title: options.title ?? `Reach ${state}`,
      body: `A ticket the conformance suite walks to '${state}'.`,
    });
    const ticketId = created.ticket.id;
    if (state === "planning") return { ticketId };
    await this.execute(ACTORS.intake, ticketId, { type: "mark_ready", summary: "Do it; a test checks it." });
    if (state === "ready") return { ticketId };
    await this.execute(ACTORS.human, ticketId, { type: "queue" }, { gate: true });
    if (state === "queued") return { ticketId };
    const accepted = await this.execute(holder, ticketId, {
      type: "accept",
      holder: holder.agentId,
      requestId: `accept-${ticketId}`,
      leaseMs: options.leaseMs ?? LIVE_LEASE_MS,
    });
    const token = accepted.event.token ?? accepted.event.seq;
    if (state === "inprogress") return { ticketId, token };
    if (state === "blocked") {
      await this.execute(holder, ticketId, { type: "block", token, reason: "Needs a human decision." });
      return { ticketId, token };
    }
    await this.execute(holder, ticketId, { type: "complete", token, summary: "Delivered." });
    if (state === "done") return { ticketId, token };
    await this.execute(holder, ticketId, { type: "close", resolution: "Shipped." });
    return { ticketId, token };
  }

  /** The ticket's last sequence number, read from the backend. */
  async seqOf(ticketId: string): Promise<number> {
    const record = await this.backend.read(ticketId);
    if (record === undefined) throw new Error(`ticket '${ticketId}' vanished from the backend`);
    return record.ticket.seq;
  }

  /** Runs `action`, expects a `TicketError` with `code`, and checks nothing was written to `ticketId`. */
  async refuses(
    ticketId: string,
    code: TicketErrorCode,
    action: () => Promise<unknown>,
  ): Promise<TicketError> {
    const before = await this.backend.read(ticketId);
    const error = await action().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(TicketError.isInstance(error), `expected a TicketError '${code}', got ${String(error)}`).toBe(
      true,
    );
    const refusal = error as TicketError;
    expect({ code: refusal.code, message: refusal.message }).toMatchObject({ code });
    const after = await this.backend.read(ticketId);
    expect(after?.events, "a refused command must write nothing").toEqual(before?.events);
    return refusal;
  }
}
