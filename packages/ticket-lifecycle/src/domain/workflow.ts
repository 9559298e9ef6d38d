import type { TicketCommandType } from "./ticket-command.js";
import type { TicketState } from "./ticket-state.js";

/** One row of the workflow table: which command moves a ticket from where to where. */
export interface Transition {
  readonly command: TicketCommandType;
  readonly from: readonly TicketState[];
  readonly to: TicketState;
}

/** The workflow of DESIGN §2. Only `queue` (the human gate) ever moves a ticket into `queued`. */
export const TRANSITIONS: readonly Transition[] = [
  { command: "mark_ready", from: ["planning"], to: "ready" },
  { command: "queue", from: ["ready", "blocked"], to: "queued" },
  { command: "return_to_planning", from: ["ready", "queued"], to: "planning" },
  { command: "accept", from: ["queued"], to: "inprogress" },
  { command: "block", from: ["inprogress"], to: "blocked" },
  { command: "defer", from: ["inprogress"], to: "ready" },
  { command: "complete", from: ["inprogress"], to: "done" },
  { command: "close", from: ["planning", "ready", "queued", "inprogress", "blocked", "done"], to: "closed" },
  { command: "expire_lease", from: ["inprogress"], to: "blocked" },
];

/** States reachable from `state` by any command, in table order. */
export function allowedTargets(state: TicketState): TicketState[] {
  const targets = TRANSITIONS.filter((transition) => transition.from.includes(state)).map(
    (transition) => transition.to,
  );
  return [...new Set(targets)];
}

/** The transition `command` makes from `state`, or undefined when the table has none. */
export function findTransition(command: TicketCommandType, state: TicketState): Transition | undefined {
  return TRANSITIONS.find((transition) => transition.command === command && transition.from.includes(state));
}

/** The single target state of a transition command. */
export function targetOf(command: TicketCommandType): TicketState | undefined {
  return TRANSITIONS.find((transition) => transition.command === command)?.to;
}
