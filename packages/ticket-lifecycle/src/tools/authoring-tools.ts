import { defineTool } from "@podkit/core";
import { z } from "zod";
import { LIMITS } from "../domain/ticket-state.js";
import { commandTool } from "./command-tool.js";
import {
  boundedText,
  ChangedTicketSchema,
  PrioritySchema,
  RelationTypeSchema,
  TicketIdSchema,
} from "./ticket-schemas.js";
import { viewerOf } from "./ticket-viewer.js";
import { changedTicket, summarize } from "./ticket-views.js";
import { eventActor, ticketService } from "./tool-context.js";

export const ticketCreate = defineTool({
  name: "ticket_create",
  description: "Create a ticket in 'planning' with a title and a markdown body.",
  capability: "author",
  input: z.strictObject({
    title: boundedText(LIMITS.titleChars).min(1).describe("A short imperative title."),
    body: boundedText(LIMITS.bodyChars)
      .optional()
      .describe("Markdown: the problem, the goal, acceptance criteria."),
    priority: PrioritySchema.optional(),
  }),
  output: ChangedTicketSchema,
  async execute(input, context) {
    const record = await ticketService(context).create(eventActor(context), {
      title: input.title,
      ...(input.body === undefined ? {} : { body: input.body }),
      ...(input.priority === undefined ? {} : { priority: input.priority }),
    });
    return { ticket: summarize(record.ticket, viewerOf(context)) };
  },
});

export const ticketEdit = commandTool({
  name: "ticket_edit",
  description: "Change a ticket's title, body, priority or assignee.",
  capability: "author",
  hints: { idempotent: true },
  input: z.strictObject({
    ticketId: TicketIdSchema,
    title: boundedText(LIMITS.titleChars).min(1).optional(),
    body: boundedText(LIMITS.bodyChars).optional().describe("Replaces the whole body."),
    priority: PrioritySchema.optional(),
    // An empty string clears: strict-mode models send null for every field they leave alone,
    // so null must mean "unchanged", never "clear".
    assignee: z.string().max(200).optional().describe("An agent or person; an empty string clears it."),
  }),
  output: ChangedTicketSchema,
  command: ({ ticketId: _ticketId, assignee, ...fields }) => ({
    type: "edit",
    ...definedOnly(fields),
    ...(assignee === undefined ? {} : { assignee: assignee === "" ? null : assignee }),
  }),
  options: (context) => ticketService(context).authorOptions(context.lineage),
  answer: changedTicket,
});

export const ticketRelate = commandTool({
  name: "ticket_relate",
  description:
    "Add or remove a relation (depends_on, blocks, related, split_from) from one ticket to another.",
  capability: "author",
  hints: { idempotent: true },
  input: z.strictObject({
    ticketId: TicketIdSchema,
    relation: RelationTypeSchema,
    target: TicketIdSchema.describe("The other ticket."),
    remove: z.boolean().optional().describe("True to remove the relation instead of adding it."),
  }),
  output: ChangedTicketSchema,
  command: (input) => ({
    type: "relate",
    relation: input.relation,
    target: input.target,
    ...(input.remove ? { remove: true } : {}),
  }),
  options: (context) => ticketService(context).authorOptions(context.lineage),
  answer: changedTicket,
});

function definedOnly<T extends Record<string, unknown>>(
  fields: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as never;
}
