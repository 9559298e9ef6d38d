import type { Ticket, TicketState } from "@podkit/ticket-lifecycle";

/** The board's columns, left to right; closed tickets are not on the board. */
export const BOARD_COLUMNS = [
  { state: "planning", title: "Planning" },
  { state: "ready", title: "Ready" },
  { state: "queued", title: "Queued" },
  { state: "inprogress", title: "In progress" },
  { state: "blocked", title: "Blocked" },
  { state: "done", title: "Done" },
] as const satisfies ReadonlyArray<{ state: TicketState; title: string }>;

/** What a card shows of a ticket. */
export interface BoardCard {
  readonly id: string;
  readonly title: string;
  readonly state: TicketState;
  readonly priority: string;
  readonly assignee: string | undefined;
  /** The orchestrator holding the lease of an in-progress ticket. */
  readonly leaseHolder: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly seq: number;
  /** Whether the ticket's history holds what no granted command could have written. */
  readonly damaged: boolean;
}

/** A ticket as a card: no body, no history, no lease token; `damaged` as its history's audit says. */
export function cardOf(ticket: Ticket, damaged = false): BoardCard {
  return {
    id: ticket.id,
    title: ticket.title,
    state: ticket.state,
    priority: ticket.priority,
    assignee: ticket.assignee ?? undefined,
    leaseHolder: ticket.state === "inprogress" ? ticket.lease?.holder : undefined,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    seq: ticket.seq,
    damaged,
  };
}

/** Whether a state has a column. */
export function isBoardState(state: string): boolean {
  return BOARD_COLUMNS.some((column) => column.state === state);
}
