import type { FeatureGrant } from "@podkit/core";
import { applyEvent, reduceTicket } from "./reduce-ticket.js";
import type { Ticket } from "./ticket.js";
import type { TicketEvent } from "./ticket-event.js";
import type { TicketState } from "./ticket-state.js";

/** One event no granted command could have written: where it is and why. */
export interface HistoryFlaw {
  readonly seq: number;
  readonly problem: string;
}

/** What the audit judges the actors by: each role's ticket grant as the host resolves it. */
export interface HistoryAuditOptions {
  /**
   * The role's grant of the ticket feature; undefined when the role has none (or is unknown).
   * Without it, histories are judged by the workflow alone.
   */
  readonly grantOf?: (role: string) => FeatureGrant | undefined;
}

/** Roles an import records: origin authors and the import itself. Their events open a history. */
const IMPORT_ROLES: ReadonlySet<string> = new Set(["origin", "import"]);

/** A command's tool and the capabilities that grant it. */
interface Writer {
  readonly tool: string;
  readonly capabilities: readonly string[];
}

const TOOL_CAPABILITIES = {
  ticket_create: ["author"],
  ticket_edit: ["author"],
  ticket_relate: ["author"],
  ticket_comment: ["thread"],
  ticket_review: ["review"],
  ticket_mark_ready: ["intake"],
  ticket_queue: ["gate"],
  ticket_return_to_planning: ["intake", "orchestrate"],
  ticket_accept: ["orchestrate"],
  ticket_renew_lease: ["orchestrate"],
  ticket_report: ["orchestrate"],
  ticket_block: ["orchestrate"],
  ticket_defer: ["orchestrate"],
  ticket_complete: ["orchestrate"],
  ticket_close: ["gate", "orchestrate"],
  ticket_sweep_leases: ["orchestrate"],
} as const satisfies Record<string, readonly string[]>;
type WriterTool = keyof typeof TOOL_CAPABILITIES;

const writer = (tool: WriterTool, capabilities?: readonly string[]): Writer => ({
  tool,
  capabilities: capabilities ?? TOOL_CAPABILITIES[tool],
});

/** Which tool moves a ticket `from` → `to` with a `state_changed` event. */
const STATE_CHANGES: readonly { from: readonly TicketState[]; to: TicketState; tool: WriterTool }[] = [
  { from: ["ready", "blocked"], to: "queued", tool: "ticket_queue" },
  { from: ["ready", "queued"], to: "planning", tool: "ticket_return_to_planning" },
  { from: ["inprogress"], to: "blocked", tool: "ticket_block" },
  { from: ["inprogress"], to: "ready", tool: "ticket_defer" },
  { from: ["inprogress"], to: "done", tool: "ticket_complete" },
];

/**
 * Re-runs a history through the workflow and its actors' grants and returns every event that no
 * granted command could have written: a state change the workflow has no row for (a
 * `planning → queued`), a move recorded from a state the ticket was not in, a lease write under a
 * token that was not the live one, or a command whose tool the actor's role is not granted (a
 * coder queuing its own ticket). A well-formed but forged history passes every file check; this
 * is the check that sees it. An import's leading events (roles `origin` and `import`) record
 * another system's history and are taken as they are.
 */
export function auditTicketHistory(
  ticketId: string,
  events: readonly TicketEvent[],
  options: HistoryAuditOptions,
): HistoryFlaw[] {
  const flaws: HistoryFlaw[] = [];
  const first = events[0];
  if (first === undefined) return flaws;
  let imported = IMPORT_ROLES.has(first.actor.role);
  if (!imported) checkActor(first, [writer("ticket_create")], options, flaws);
  let ticket: Ticket = reduceTicket(ticketId, [first]);
  for (const event of events.slice(1)) {
    if (imported && !IMPORT_ROLES.has(event.actor.role)) imported = false;
    if (!imported) {
      const writers = writersOf(event, ticket);
      if (typeof writers === "string") flaws.push({ seq: event.seq, problem: writers });
      else checkActor(event, writers, options, flaws);
    }
    ticket = applyEvent(ticket, event);
  }
  return flaws;
}

/** The commands that could have written `event` on `before`, or why none could. */
function writersOf(event: TicketEvent, before: Ticket): readonly Writer[] | string {
  const state = before.state;
  const move = `'${event.kind}' event from '${event.from ?? "?"}' to '${event.to ?? "?"}'`;
  if (event.from !== undefined && event.from !== state)
    return `a ${move}, but the ticket was '${state}' then: no command records a move from a state the ticket is not in`;
  const liveToken = () =>
    state === "inprogress" && before.lease !== null && event.token === before.lease.token
      ? undefined
      : `a '${event.kind}' event under token ${event.token ?? "(none)"}, but ${state === "inprogress" && before.lease !== null ? `the live lease had token ${before.lease.token}` : `the ticket was '${state}', with no lease`}: only the lease holder's commands write these`;
  const stays = (kinds: readonly Writer[]) =>
    event.to === undefined || event.to === state
      ? kinds
      : `a '${event.kind}' event that moves the ticket to '${event.to}': no command moves a ticket with it`;
  switch (event.kind) {
    case "create":
      return "a second 'create' event: a ticket is created once, by its first event";
    case "edit":
      if (state === "closed") return "an edit of a closed ticket: closed tickets cannot be edited";
      return stays([writer("ticket_edit")]);
    case "relation":
      if (state === "closed") return "a relation on a closed ticket: closed tickets cannot be related";
      return stays([writer("ticket_relate")]);
    case "comment":
    case "plan":
    case "decision":
      return stays([writer("ticket_comment")]);
    case "review":
      if (state !== "inprogress")
        return `a review while the ticket was '${state}': reviews are recorded while it is 'inprogress'`;
      return stays([writer("ticket_review")]);
    case "intake_summary":
      if (state !== "planning" || event.to !== "ready")
        return `an intake summary that moves the ticket from '${state}' to '${event.to ?? "?"}': only 'planning' → 'ready' (ticket_mark_ready) records one`;
      return [writer("ticket_mark_ready")];
    case "state_changed": {
      const row = STATE_CHANGES.find((change) => change.to === event.to && change.from.includes(state));
      if (row === undefined)
        return `a state change from '${state}' to '${event.to ?? "?"}': the workflow has no command for that move`;
      if (["ticket_block", "ticket_defer", "ticket_complete"].includes(row.tool)) {
        const problem = liveToken();
        if (problem !== undefined) return problem;
      }
      return [writer(row.tool)];
    }
    case "acceptance":
      if (state === "queued" && event.to === "inprogress") return [writer("ticket_accept")];
      if (state === "inprogress" && event.to === "inprogress") return [writer("ticket_sweep_leases")];
      return `an acceptance from '${state}' to '${event.to ?? "?"}': a ticket is accepted only from 'queued' (or taken over while 'inprogress')`;
    case "lease_renewed":
    case "progress":
    case "intent": {
      const problem = liveToken();
      if (problem !== undefined) return problem;
      return stays([writer(event.kind === "lease_renewed" ? "ticket_renew_lease" : "ticket_report")]);
    }
    case "failure":
      if (event.to === "blocked" && state === "inprogress") return [writer("ticket_sweep_leases")];
      return liveToken() ?? stays([writer("ticket_report")]);
    case "close":
      if (event.to !== "closed" || state === "closed")
        return `a close from '${state}' to '${event.to ?? "?"}': a ticket is closed once, into 'closed'`;
      return state === "done" ? [writer("ticket_close")] : [writer("ticket_close", ["gate"])];
  }
}

/** Records a flaw unless the actor's role is granted one of the writers' tools. */
function checkActor(
  event: TicketEvent,
  writers: readonly Writer[],
  options: HistoryAuditOptions,
  flaws: HistoryFlaw[],
): void {
  if (options.grantOf === undefined) return;
  const role = event.actor.role;
  const grant = options.grantOf(role);
  if (writers.some((candidate) => grants(grant, candidate))) return;
  const tools = [...new Set(writers.map((candidate) => candidate.tool))].join(" or ");
  const needs = [...new Set(writers.flatMap((candidate) => candidate.capabilities))].join("' or '");
  flaws.push({
    seq: event.seq,
    problem: `a '${event.kind}' event${event.to === undefined ? "" : ` to '${event.to}'`} written by '${event.actor.agentId}' as role '${role}', which is not granted ${tools} (capability '${needs}')${grant === undefined ? `; role '${role}' has no ticket tools at all` : ""}`,
  });
}

function grants(grant: FeatureGrant | undefined, candidate: Writer): boolean {
  if (grant === undefined) return false;
  if (grant.denyTools?.includes(candidate.tool)) return false;
  if (grant.allowTools !== undefined && !grant.allowTools.includes(candidate.tool)) return false;
  return candidate.capabilities.some((capability) => grant.capabilities.includes(capability));
}
