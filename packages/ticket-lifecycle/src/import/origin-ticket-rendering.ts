import { stringify } from "yaml";
import type { TicketRecord } from "../domain/ticket.js";
import type { TicketEvent } from "../domain/ticket-event.js";
import { RELATION_TYPES } from "../domain/ticket-state.js";

const HEADINGS: Readonly<Record<string, string>> = {
  create: "Created",
  comment: "Comment",
  plan: "Plan",
  decision: "Decision",
  intake_summary: "Intake summary",
  state_changed: "State changed",
  close: "Closed",
};
const FRONT_MATTER_PREFIX = "frontMatter.";

/** Renders a ticket's `item.md`: YAML front matter (state, relations, resolution, …) and the body. */
export function renderOriginItem(record: TicketRecord): string {
  const { ticket } = record;
  const fields: Record<string, unknown> = {
    id: ticket.id,
    title: ticket.title,
    workflow_state: ticket.state,
    priority: ticket.priority,
    assignee: ticket.assignee,
    author: ticket.createdBy.agentId,
    created_at: ticket.createdAt,
    updated_at: ticket.updatedAt,
  };
  for (const type of RELATION_TYPES)
    if (ticket.relations[type].length > 0) fields[type] = ticket.relations[type];
  if (ticket.resolution !== null) fields.resolution = ticket.resolution;
  for (const [key, value] of Object.entries(record.events[0]?.data?.details ?? {})) {
    const name = key.slice(FRONT_MATTER_PREFIX.length);
    if (key.startsWith(FRONT_MATTER_PREFIX) && !(name in fields)) fields[name] = restore(value);
  }
  return `---\n${stringify(fields, { lineWidth: 0 })}---\n\n${ticket.body}\n`;
}

/**
 * Renders a ticket's `thread.md`, one block per event. Relation events are left out: the
 * relations are in the front matter. Origin kinds, headings and texts kept at import come back.
 */
export function renderOriginThread(events: readonly TicketEvent[]): string {
  return events
    .filter((event) => event.kind !== "relation")
    .map(
      (event) =>
        `${header(event)}\n\n## ${heading(event)}\n\n${text(event)}${text(event) === "" ? "" : "\n\n"}---\n\n`,
    )
    .join("");
}

/** The text an event's block carries. */
export function text(event: TicketEvent): string {
  const details = event.data?.details ?? {};
  if (event.kind === "create")
    return typeof details.originText === "string" ? details.originText : "Created.";
  return event.body ?? (event.kind === "close" ? (event.data?.resolution ?? "") : "");
}

function header(event: TicketEvent): string {
  const details = event.data?.details ?? {};
  const kind = typeof details.originKind === "string" ? details.originKind : event.kind;
  const from = event.from ?? details.originFrom;
  const to = event.to ?? details.originTo;
  const field = details.originField ?? (from !== undefined || to !== undefined ? "state" : undefined);
  const status = event.data?.verdict ?? details.originStatus;
  const parts = [`event: ${kind}`, `author: ${quote(event.actor.agentId)}`, `at: ${event.at}`];
  if (from !== undefined && from !== null) parts.push(`from: ${quote(String(from))}`);
  if (to !== undefined && to !== null) parts.push(`to: ${quote(String(to))}`);
  if (event.reason !== undefined) parts.push(`reason: ${quote(event.reason)}`);
  if (field !== undefined && field !== null) parts.push(`field: ${quote(String(field))}`);
  if (status !== undefined && status !== null) parts.push(`status: ${quote(String(status))}`);
  return `<!-- ${parts.join(" ")} -->`;
}

function heading(event: TicketEvent): string {
  const kept = event.data?.details?.originHeading;
  if (typeof kept === "string") return kept;
  if (event.kind === "review")
    return event.data?.verdict === "approve" ? "Review: approve" : "Review: request changes";
  return HEADINGS[event.kind] ?? event.kind;
}

/** JSON-quotes a header value, and keeps `-->` from ending the comment early. */
function quote(value: string): string {
  return JSON.stringify(value).replaceAll("-->", "--\\u003e");
}

function restore(value: string | number | boolean | null): unknown {
  if (typeof value !== "string" || !/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
