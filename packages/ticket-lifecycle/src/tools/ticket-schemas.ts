import { z } from "zod";
import { EVENT_KINDS } from "../domain/ticket-event.js";
import {
  LIMITS,
  PRIORITIES,
  RELATION_TYPES,
  TICKET_ID_PATTERN,
  TICKET_STATES,
} from "../domain/ticket-state.js";

export const TicketIdSchema = z
  .string()
  .regex(TICKET_ID_PATTERN, "a ticket id is letters, digits, '_' or '-' (e.g. 'T-12')")
  .describe("The ticket id, e.g. 'T-12'.");

export const LeaseTokenSchema = z
  .number()
  .int()
  .positive()
  .describe("The lease token ticket_accept returned; proves this caller still holds the ticket.");

export const TicketStateSchema = z.enum(TICKET_STATES);
export const PrioritySchema = z.enum(PRIORITIES);
export const RelationTypeSchema = z.enum(RELATION_TYPES);

/** A lease as its holder receives it (`ticket_accept`, `ticket_renew_lease`). */
export const LeaseSchema = z.object({
  holder: z.string(),
  token: z.number().int(),
  expiresAt: z.string().describe("ISO time the lease lapses unless renewed."),
});

/** A lease as a ticket view shows it: the token only to its holder and the human gate. */
export const LeaseViewSchema = LeaseSchema.extend({
  token: z
    .number()
    .int()
    .optional()
    .describe("The fencing token; shown only to the lease holder and the human gate."),
});

export const ReviewSchema = z.object({
  verdict: z.enum(["approve", "request_changes"]),
  by: z.string(),
  at: z.string(),
  body: z.string(),
  token: z
    .number()
    .int()
    .optional()
    .describe("The lease token of the attempt the review was made for; absent for a review bound to none."),
  podId: z.string().optional().describe("The reviewer Pod, for a review bound to its attempt."),
});

/** A ticket without its body and history: what lists return. */
export const TicketSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  state: TicketStateSchema,
  priority: PrioritySchema,
  assignee: z.string().nullable(),
  dependsOn: z.array(z.string()),
  lease: LeaseViewSchema.nullable(),
  updatedAt: z.string(),
  seq: z.number().int().describe("Version: the sequence number of the last event."),
  damaged: z
    .literal(true)
    .optional()
    .describe(
      "Present when the history holds events no granted command could have written: its state cannot be trusted; ticket_doctor says what.",
    ),
});

/** The output of a tool that creates or changes a ticket: the ticket after it. */
export const ChangedTicketSchema = z.object({ ticket: TicketSummarySchema });

/** The output of a tool that records an event without moving the ticket. */
export const RecordedEventSchema = z.object({
  ticketId: z.string(),
  seq: z.number().int().describe("Sequence number of the recorded event."),
});

/** The structured fields of an event that readers act on; other fields of the kind pass as they are. */
const EventDataViewSchema = z.looseObject({
  verdict: z.enum(["approve", "request_changes"]).optional(),
  podId: z.string().optional().describe("The reviewer Pod, for a review bound to its attempt."),
  details: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .optional()
    .describe("The facts the reporter recorded, e.g. { step: 'worktree', path: '…' }."),
});

export const EventViewSchema = z.object({
  seq: z.number().int(),
  kind: z.enum(EVENT_KINDS),
  actor: z.string().describe("role/agentId"),
  agentId: z.string().describe("The agent id part of actor: who made the change."),
  at: z.string(),
  from: TicketStateSchema.optional(),
  to: TicketStateSchema.optional(),
  reason: z.string().optional(),
  token: z
    .number()
    .int()
    .optional()
    .describe(
      "The lease token the event was written under; shown only to the lease holder and the human gate.",
    ),
  body: z.string().optional(),
  data: EventDataViewSchema.optional(),
});

/** A ticket as `ticket_show` returns it: bounded body, the latest history. */
export const TicketViewSchema = TicketSummarySchema.extend({
  body: z.string(),
  bodyTruncated: z.boolean(),
  relations: z.record(RelationTypeSchema, z.array(z.string())),
  intakeSummary: z.string().nullable(),
  queuedBy: z.string().nullable(),
  queuedAt: z.string().nullable(),
  resolution: z.string().nullable(),
  reviews: z.array(ReviewSchema),
  createdAt: z.string(),
  createdBy: z.string(),
  damage: z
    .array(z.object({ seq: z.number().int(), problem: z.string() }))
    .optional()
    .describe("For a damaged ticket: each event no granted command could have written, and why."),
});

export const HistoryViewSchema = z.object({
  events: z.array(EventViewSchema).describe("The latest events, oldest first."),
  count: z.number().int().describe("Events in the whole history."),
  returned: z.number().int(),
  truncated: z
    .boolean()
    .describe("True when older events were left out; read them with historyBefore set to nextBefore."),
  nextBefore: z
    .number()
    .int()
    .nullable()
    .describe("The historyBefore that reads the page of older events; null when none are older."),
});

/**
 * Text bounded in characters (code points), as the domain counts and as JSON Schema's
 * `maxLength` means — zod's own `.max` counts UTF-16 units and would refuse valid emoji text.
 */
export function boundedText(max: number) {
  return z
    .string()
    .refine((text) => codePointLength(text) <= max, { error: `Too long: at most ${max} characters.` })
    .meta({ maxLength: max });
}

function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

export const ReasonSchema = (what: string) => boundedText(LIMITS.reasonChars).min(1).describe(what);
