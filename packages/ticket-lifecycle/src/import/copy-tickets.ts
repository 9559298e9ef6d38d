import { isDeepStrictEqual } from "node:util";
import type { TicketBackend, TicketProblem } from "../backend/ticket-backend.js";
import { TicketError } from "../domain/ticket-error.js";

/** Why a ticket was not copied. */
export type CopySkipReason =
  /** The target has the same history already (a copy run before). */
  | "already_copied"
  /** The target has a different ticket under the id; neither is changed. */
  | "exists"
  /** The source ticket could not be read (damaged, or gone since the listing). */
  | "unreadable"
  /** The target refused the history (e.g. as corrupt). */
  | "refused";

/** A ticket `copyTickets` left alone, why, and what it said. */
export interface SkippedTicket {
  readonly ticketId: string;
  readonly reason: CopySkipReason;
  readonly message: string;
}

/** What `copyTickets` did: the ids it copied and the tickets it skipped. */
export interface CopyTicketsResult {
  /** Ids copied, in id order. */
  readonly copied: readonly string[];
  readonly skipped: readonly SkippedTicket[];
}

/** Which backend `copyTickets` reads, which it writes, and whether it only reports. */
export interface CopyTicketsOptions {
  readonly from: TicketBackend;
  readonly to: TicketBackend;
  /** Report what would be copied and skipped; write nothing. */
  readonly dryRun?: boolean;
  /** Tickets copied at once (default 8). */
  readonly concurrency?: number;
}

/**
 * Copies every ticket with its whole history from one store to another through `importHistory`
 * — a file-backed queue into PostgreSQL, or back — keeping ids, actors, times and tokens. A
 * ticket the target has already is skipped, never merged or overwritten; running the copy again
 * skips what it copied before as `already_copied`. Tickets changed while the copy runs are copied
 * as they were when read: stop the orchestrators first.
 */
export async function copyTickets(options: CopyTicketsOptions): Promise<CopyTicketsResult> {
  const { from, to } = options;
  const listing = await from.list();
  const skipped: SkippedTicket[] = listing.problems.map((problem: TicketProblem) => ({
    ticketId: problem.ticketId,
    reason: "unreadable",
    message: `${problem.location}: ${problem.problem}`,
  }));
  const copied: string[] = [];
  const ids = listing.tickets.map((ticket) => ticket.id);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const ticketId = ids[next] as string;
      next += 1;
      const outcome = await copyOne(from, to, ticketId, options.dryRun ?? false);
      if (outcome === undefined) copied.push(ticketId);
      else skipped.push(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  const order = new Map(ids.map((id, index) => [id, index]));
  const byId = (left: string, right: string) => (order.get(left) ?? -1) - (order.get(right) ?? -1);
  copied.sort(byId);
  skipped.sort((left, right) => byId(left.ticketId, right.ticketId));
  return { copied, skipped };
}

async function copyOne(
  from: TicketBackend,
  to: TicketBackend,
  ticketId: string,
  dryRun: boolean,
): Promise<SkippedTicket | undefined> {
  let source: Awaited<ReturnType<TicketBackend["read"]>>;
  try {
    source = await from.read(ticketId);
  } catch (error) {
    if (!TicketError.isInstance(error) || error.code !== "corrupt") throw error;
    return { ticketId, reason: "unreadable", message: error.message };
  }
  if (source === undefined) return { ticketId, reason: "unreadable", message: "It is gone from the source." };
  const existing = await to.read(ticketId).catch((error: unknown) => {
    if (TicketError.isInstance(error) && error.code === "corrupt") return { events: [] };
    throw error;
  });
  if (existing !== undefined) return alreadyThere(ticketId, existing.events, source.events);
  if (dryRun) return undefined;
  try {
    await to.importHistory(ticketId, source.events);
    return undefined;
  } catch (error) {
    if (!TicketError.isInstance(error)) throw error;
    if (error.code === "conflict") {
      const now = await to.read(ticketId);
      if (now !== undefined) return alreadyThere(ticketId, now.events, source.events);
    }
    return { ticketId, reason: "refused", message: error.message };
  }
}

function alreadyThere(
  ticketId: string,
  target: readonly unknown[],
  source: readonly unknown[],
): SkippedTicket {
  const same = isDeepStrictEqual(JSON.parse(JSON.stringify(target)), JSON.parse(JSON.stringify(source)));
  return same
    ? { ticketId, reason: "already_copied", message: "The target has the same history already." }
    : {
        ticketId,
        reason: "exists",
        message: `The target has a different ticket '${ticketId}' (${target.length} events against ${source.length}); left as it is.`,
      };
}
