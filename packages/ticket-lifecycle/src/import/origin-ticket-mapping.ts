import { reduceTicket } from "../domain/reduce-ticket.js";
import type { EventActor, NewTicketEvent, TicketEvent } from "../domain/ticket-event.js";
import { RELATION_TYPES, type TicketState } from "../domain/ticket-state.js";
import { attachmentEvents } from "./origin-attachment-events.js";
import { mapThreadBlock, state } from "./origin-event-mapping.js";
import { OriginFormatError } from "./origin-format-error.js";
import { type ImportNote, importNote } from "./origin-import-note.js";
import type { OriginThreadBlock } from "./origin-thread-file.js";
import type { OriginTicketSource } from "./origin-ticket-source.js";
import { settleOriginState } from "./settle-origin-state.js";

export type { OriginTicketSource } from "./origin-ticket-source.js";
export { IMPORTED_IN_PROGRESS_REASON } from "./settle-origin-state.js";

/** The role recorded for origin authors, whose podkit roles are unknown. */
export const ORIGIN_ACTOR_ROLE = "origin";

/** A complete podkit history for one origin ticket, ready for `importHistory`. */
export interface MappedOriginTicket {
  readonly ticketId: string;
  readonly events: readonly TicketEvent[];
  /** The state podkit will hold (`blocked` for an origin `inprogress`). */
  readonly state: TicketState;
  /** The state the origin front matter records. */
  readonly originState: TicketState;
  /** What the import did that a reader should know (re-labelled states, missing records, …). */
  readonly notes: readonly ImportNote[];
}

type Pending = NewTicketEvent & { readonly actor: EventActor; readonly at: string };

/**
 * Builds the podkit history of an origin ticket: a `create` carrying the current title, body,
 * priority and front matter; every thread block with its original author and time; the
 * directory's other files as attachment comments; relations from the front matter; then import
 * events that bring the history to the recorded state and resolution. Throws
 * `OriginFormatError` when the origin cannot be represented exactly.
 */
export function mapOriginTicket(
  source: OriginTicketSource,
  options: { readonly actor: EventActor; readonly now: string },
): MappedOriginTicket {
  const { item, thread, ticketId } = source;
  const importEvent = (event: NewTicketEvent): Pending => ({
    ...event,
    actor: options.actor,
    at: options.now,
  });
  const createIndex = thread.findIndex((block) => block.kind === "create");
  const extraCreate = thread.find((block, index) => block.kind === "create" && index !== createIndex);
  const misplaced = createIndex > 0 ? thread[createIndex] : extraCreate;
  if (misplaced !== undefined) {
    throw new OriginFormatError({
      file: source.threadFile,
      line: misplaced.line,
      message: "A 'create' event may only be the first block of the thread, once.",
    });
  }
  const createBlock = createIndex === 0 ? thread[0] : undefined;
  const blocks = createBlock === undefined ? thread : thread.slice(1);
  const notes: ImportNote[] = [...(source.notes ?? [])];
  const mapped: Pending[] = blocks.map((block) => ({
    ...mapThreadBlock(block, source.threadFile, notes),
    actor: originActor(block.author),
    at: block.at,
  }));
  const pending: Pending[] = [createEvent(source, createBlock, mapped, options, notes), ...mapped];
  if (source.attachments !== undefined) {
    const dir = source.dir ?? source.itemFile.replace(/\/item\.md$/, "");
    pending.push(...attachmentEvents(dir, source.attachments, notes).map(importEvent));
  }

  for (const type of RELATION_TYPES) {
    for (const target of item.relations[type]) {
      if (target === ticketId) {
        throw new OriginFormatError({ file: source.itemFile, message: `'${type}' names the ticket itself.` });
      }
      pending.push(
        importEvent({
          kind: "relation",
          reason: "imported from item.md",
          data: { relation: { type, target } },
        }),
      );
    }
  }
  pending.push(...settleOriginState(source, reduce(ticketId, pending), notes).map(importEvent));
  const events = number(pending);
  const ticket = reduceTicket(ticketId, events);
  verify(source, ticket);
  if (ticket.state === "closed" && ticket.resolution === null)
    notes.push(importNote("closed-without-resolution", "closed without a recorded resolution"));
  if (thread.length === 0)
    notes.push(importNote("no-thread", "no thread events (thread.md missing or empty)"));
  if (ticket.state === "queued")
    notes.push(importNote("queued", "imported as queued: an Orchestrator watching this store may accept it"));
  return { ticketId, events, state: ticket.state, originState: item.state, notes };
}

function createEvent(
  source: OriginTicketSource,
  block: OriginThreadBlock | undefined,
  mapped: readonly Pending[],
  options: { readonly actor: EventActor; readonly now: string },
  notes: ImportNote[],
): Pending {
  const { item } = source;
  const fail = (message: string): never => {
    throw new OriginFormatError({ file: source.threadFile, line: block?.line ?? 1, message });
  };
  const declared = state(block?.header.to, "to", fail);
  if (declared !== undefined && declared !== block?.header.to) {
    notes.push(
      importNote(
        "legacy-state",
        `The legacy state '${block?.header.to}' in 'to:' is read as '${declared}'.`,
        {
          file: source.threadFile,
          line: block?.line,
        },
      ),
    );
  }
  const initial = declared ?? mapped.find((event) => event.from !== undefined)?.from ?? "planning";
  const details: Record<string, string> = {};
  if (block?.heading !== undefined) details.originHeading = block.heading;
  if (block !== undefined && block.body !== "") details.originText = block.body;
  if (item.originPriority !== undefined) details.originPriority = item.originPriority;
  for (const [key, value] of Object.entries(item.extra)) details[`frontMatter.${key}`] = value;
  if (source.bucket !== undefined) details.originBucket = source.bucket;
  const author = block?.author ?? item.author;
  const at = block?.at ?? item.created;
  if (author === undefined || at === undefined)
    notes.push(
      importNote("no-creation-record", "no creation record: the create event is attributed to the import"),
    );
  return {
    kind: "create",
    to: initial,
    body: item.body,
    data: {
      title: item.title,
      priority: item.priority,
      ...(item.assignee === undefined ? {} : { assignee: item.assignee }),
      ...(Object.keys(details).length === 0 ? {} : { details }),
    },
    actor: author === undefined ? options.actor : originActor(author),
    at: at ?? options.now,
  };
}

function verify(source: OriginTicketSource, ticket: ReturnType<typeof reduceTicket>): void {
  const { item } = source;
  const resolution = item.resolution ?? source.resolutionFile?.text;
  const expected = {
    state: item.state === "inprogress" ? "blocked" : item.state,
    title: item.title,
    body: item.body,
    priority: item.priority,
    relations: JSON.stringify(item.relations),
    ...(item.assignee === undefined ? {} : { assignee: item.assignee }),
    ...(item.state === "closed" && resolution !== undefined ? { resolution } : {}),
  };
  const actual: Record<string, unknown> = { ...ticket, relations: JSON.stringify(ticket.relations) };
  for (const [field, value] of Object.entries(expected)) {
    if (actual[field] !== value) {
      throw new OriginFormatError({
        file: source.itemFile,
        message: `The imported history would give ${field} ${JSON.stringify(actual[field])}, but item.md records ${JSON.stringify(value)}.`,
      });
    }
  }
}

function reduce(ticketId: string, pending: readonly Pending[]) {
  return reduceTicket(ticketId, number(pending));
}

function number(pending: readonly Pending[]): TicketEvent[] {
  return pending.map((event, index) => ({ ...event, seq: index + 1 }));
}

function originActor(author: string): EventActor {
  return { role: ORIGIN_ACTOR_ROLE, agentId: author };
}
