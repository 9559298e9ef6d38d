import { TicketError, type TicketService } from "../packages/ticket-lifecycle/src/index.js";

/** Consecutive tickets found taken after which a claimer stops: it has run into another's share. */
const GIVE_UP_AFTER = 50;

/** What one claimer did, with its start and end as epoch milliseconds (fractions included). */
export interface ClaimReport {
  readonly claimed: number;
  readonly lost: number;
  readonly startedAt: number;
  readonly endedAt: number;
}

/**
 * One claimer of the claim benchmark: accepts tickets starting at its own share of the shared
 * list (`worker` of `workers`) and going round, until it meets {@link GIVE_UP_AFTER} tickets in a
 * row that others took. Lost races are counted; any other refusal is an error.
 */
export async function claimTickets(options: {
  readonly service: TicketService;
  readonly ticketIds: readonly string[];
  readonly worker: number;
  readonly workers: number;
}): Promise<ClaimReport> {
  const { service, ticketIds } = options;
  const holder = `claimer-${options.worker}`;
  const actor = { role: "orchestrator", agentId: holder };
  const offset = Math.floor((options.worker * ticketIds.length) / options.workers);
  let claimed = 0;
  let lost = 0;
  let takenInARow = 0;
  const startedAt = performance.timeOrigin + performance.now();
  for (let step = 0; step < ticketIds.length && takenInARow < GIVE_UP_AFTER; step += 1) {
    const ticketId = ticketIds[(offset + step) % ticketIds.length] as string;
    try {
      await service.execute(actor, ticketId, {
        type: "accept",
        holder,
        requestId: `${holder}:${ticketId}`,
        leaseMs: 600_000,
      });
      claimed += 1;
      takenInARow = 0;
    } catch (error) {
      if (!(TicketError.isInstance(error) && error.code === "conflict")) throw error;
      lost += 1;
      takenInARow += 1;
    }
  }
  return { claimed, lost, startedAt, endedAt: performance.timeOrigin + performance.now() };
}
