import { reduceTicket } from "../domain/reduce-ticket.js";
import type { Ticket } from "../domain/ticket.js";
import type { TicketEvent } from "../domain/ticket-event.js";

/** Commands whose events must be written under the live, unexpired lease. */
const FENCED_COMMANDS = new Set(["renew_lease", "report", "block", "defer", "complete"]);

/**
 * Everything wrong with one ticket's history, as sentences (empty when sound): contiguous seqs,
 * a history that reduces, `queued` entered only by `queue` from ready or blocked, `inprogress`
 * only by `accept` from queued, never inprogress → queued, recorded `from` states that match,
 * acceptance tokens equal to their seq, and fenced writes only under the live lease, by its holder.
 */
export function historyViolations(
  ticketId: string,
  events: readonly TicketEvent[],
  producerOf: (seq: number) => string | undefined,
): string[] {
  const problems: string[] = [];
  events.forEach((event, index) => {
    if (event.seq !== index + 1) problems.push(`event ${index + 1} has seq ${event.seq}`);
  });
  try {
    reduceTicket(ticketId, events);
  } catch (error) {
    problems.push(`the history does not reduce: ${(error as Error).message}`);
    return problems;
  }
  let prior: Ticket | undefined;
  for (let index = 0; index < events.length; index += 1) {
    const event = events[index] as TicketEvent;
    const where = `${ticketId} seq ${event.seq} (${event.kind})`;
    const producer = producerOf(event.seq);
    if (prior !== undefined) problems.push(...transitionViolations(where, prior, event, producer));
    prior = reduceTicket(ticketId, events.slice(0, index + 1));
  }
  return problems;
}

function transitionViolations(where: string, prior: Ticket, event: TicketEvent, producer?: string): string[] {
  const problems: string[] = [];
  const to = event.to ?? prior.state;
  if (event.from !== undefined && event.from !== prior.state)
    problems.push(`${where} records from '${event.from}' but the ticket was '${prior.state}'`);
  if (to === "queued" && prior.state !== "queued") {
    if (producer !== "queue") problems.push(`${where} entered queued by '${producer}'`);
    if (prior.state !== "ready" && prior.state !== "blocked")
      problems.push(`${where} entered queued from '${prior.state}'`);
  }
  if (to === "inprogress" && prior.state !== "inprogress") {
    if (producer !== "accept" || event.kind !== "acceptance")
      problems.push(`${where} entered inprogress by '${producer}'`);
    if (prior.state !== "queued") problems.push(`${where} entered inprogress from '${prior.state}'`);
  }
  if (prior.state === "inprogress" && to === "queued")
    problems.push(`${where} went from inprogress to queued`);
  if (event.kind === "acceptance" && event.token !== event.seq)
    problems.push(`${where} acceptance token ${event.token} is not its seq`);
  if (producer !== undefined && FENCED_COMMANDS.has(producer)) {
    const lease = prior.lease;
    if (prior.state !== "inprogress" || lease === null || lease.token !== event.token)
      problems.push(`${where} was written under token ${event.token} without that live lease`);
    else if (Date.parse(lease.expiresAt) <= Date.parse(event.at))
      problems.push(`${where} was written under an expired lease`);
    else if (event.actor.agentId !== lease.holder)
      problems.push(`${where} was written by '${event.actor.agentId}' under the lease of '${lease.holder}'`);
  }
  return problems;
}
