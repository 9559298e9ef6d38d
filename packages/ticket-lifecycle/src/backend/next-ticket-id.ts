import { TicketError } from "../domain/ticket-error.js";
import type { TicketProblem } from "./ticket-backend.js";

// One collator for all comparisons: `localeCompare` with options builds a new one per call,
// which made sorting 10,000 ids take over a second. ICU compares digit runs of any length
// exactly, so 'T-9007199254740993' sorts after 'T-9007199254740992'.
const ID_COLLATOR = new Intl.Collator("en", { numeric: true });

/** The prefix of allocated ids: new tickets are `T-1`, `T-2`, … */
export const ALLOCATED_ID_PREFIX = "T";

/**
 * The most digits an allocated id's number can have: `T-` and the number must fit the 128
 * characters of `TICKET_ID_PATTERN`. Numbers are exact integers up to this bound (no rounding
 * past 2^53, no `1e+21`); a store whose highest `T-N` has this many nines cannot allocate.
 */
export const MAX_TICKET_NUMBER_DIGITS = 128 - ALLOCATED_ID_PREFIX.length - 1;

const ALLOCATED_ID = new RegExp(`^${ALLOCATED_ID_PREFIX}-(\\d+)$`);

/** Compares ids so that 'T-2' sorts before 'T-10'; distinct ids never compare equal ('T-07', 'T-7'). */
export function compareTicketIds(left: string, right: string): number {
  const numeric = ID_COLLATOR.compare(left, right);
  if (numeric !== 0 || left === right) return numeric;
  return left < right ? -1 : 1;
}

/** The exact number of an allocatable id (`T-42` → 42n), or undefined for any other id. */
export function ticketNumber(ticketId: string): bigint | undefined {
  const digits = ALLOCATED_ID.exec(ticketId)?.[1];
  return digits === undefined ? undefined : BigInt(digits);
}

/** The allocatable id of a number (`42n` → `T-42`), refused when it would not be a valid id. */
export function ticketIdOf(number: bigint): string {
  const digits = number.toString();
  if (digits.length > MAX_TICKET_NUMBER_DIGITS) {
    throw new TicketError(
      "precondition_failed",
      `Cannot allocate a new ticket id: the next number has ${digits.length} digits and ids hold at most ${MAX_TICKET_NUMBER_DIGITS} after '${ALLOCATED_ID_PREFIX}-'. Give the new ticket an id of its own, or rename the ticket with the highest '${ALLOCATED_ID_PREFIX}-N' id.`,
    );
  }
  return `${ALLOCATED_ID_PREFIX}-${digits}`;
}

/** The highest number among allocatable ids, or 0n when there is none. */
export function highestTicketNumber(existing: Iterable<string>): bigint {
  let highest = 0n;
  for (const id of existing) {
    const number = ticketNumber(id);
    if (number !== undefined && number > highest) highest = number;
  }
  return highest;
}

/** The next free id of the form `T-N` after the highest existing one, in exact integers. */
export function nextTicketId(existing: Iterable<string>): string {
  return ticketIdOf(highestTicketNumber(existing) + 1n);
}

/**
 * What would stop `create` from allocating an id, as doctor problems: the highest `T-N` whose
 * successor no longer fits an id. Empty when allocation works.
 */
export function idAllocationProblems(options: {
  readonly highest: bigint;
  /** Where the ids live (the ticket root, a table), for the report. */
  readonly location: string;
}): TicketProblem[] {
  const next = options.highest + 1n;
  if (next.toString().length <= MAX_TICKET_NUMBER_DIGITS) return [];
  const ticketId = `${ALLOCATED_ID_PREFIX}-${options.highest}`;
  return [
    {
      ticketId,
      location: options.location,
      problem: `id allocation is exhausted: '${ticketId.slice(0, 24)}…' is the highest '${ALLOCATED_ID_PREFIX}-N' id and the next would have ${next.toString().length} digits, more than the ${MAX_TICKET_NUMBER_DIGITS} an id holds; 'create' without an id fails until that ticket is renamed`,
    },
  ];
}
