import { z } from "zod";
import { EVENT_KINDS } from "../../domain/ticket-event.js";
import { PRIORITIES, RELATION_TYPES, TICKET_ID_PATTERN, TICKET_STATES } from "../../domain/ticket-state.js";

/**
 * What the file backend accepts in its files. Strict, so a hand-edited key or a value of the
 * wrong type is reported as damage instead of flowing into a ticket.
 */

const actorSchema = z.strictObject({ role: z.string().min(1), agentId: z.string().min(1) });
const stateSchema = z.enum(TICKET_STATES);
const timeSchema = z.iso.datetime({ offset: true });
const verdictSchema = z.enum(["approve", "request_changes"]);
const positiveInteger = z.number().int().positive();

const eventDataSchema = z.strictObject({
  title: z.string().optional(),
  priority: z.enum(PRIORITIES).optional(),
  assignee: z.string().nullable().optional(),
  relation: z
    .strictObject({
      type: z.enum(RELATION_TYPES),
      target: z.string().min(1),
      removed: z.boolean().optional(),
    })
    .optional(),
  requestId: z.string().optional(),
  holder: z.string().optional(),
  expiresAt: timeSchema.optional(),
  verdict: verdictSchema.optional(),
  podId: z.string().optional(),
  resolution: z.string().optional(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

/** One committed event as stored (the body travels outside the front matter unless it is empty). */
export const storedEventSchema = z.strictObject({
  seq: positiveInteger,
  kind: z.enum(EVENT_KINDS),
  actor: actorSchema,
  at: timeSchema,
  from: stateSchema.optional(),
  to: stateSchema.optional(),
  reason: z.string().optional(),
  token: positiveInteger.optional(),
  data: eventDataSchema.optional(),
  body: z.string().optional(),
});

const relationList = z.array(z.string());

/** A ticket as the snapshot file stores it (everything but the body, which follows the front matter). */
export const storedTicketSchema = z.strictObject({
  id: z.string().regex(TICKET_ID_PATTERN),
  seq: positiveInteger,
  title: z.string(),
  state: stateSchema,
  priority: z.enum(PRIORITIES),
  assignee: z.string().nullable(),
  relations: z.strictObject({
    depends_on: relationList,
    blocks: relationList,
    related: relationList,
    split_from: relationList,
  }),
  intakeSummary: z.string().nullable(),
  queuedBy: z.string().nullable(),
  queuedAt: z.string().nullable(),
  lease: z.strictObject({ holder: z.string(), token: positiveInteger, expiresAt: z.string() }).nullable(),
  resolution: z.string().nullable(),
  reviews: z.array(
    z.strictObject({
      verdict: verdictSchema,
      by: z.string(),
      at: z.string(),
      body: z.string(),
      token: positiveInteger.optional(),
      podId: z.string().optional(),
    }),
  ),
  createdAt: z.string(),
  createdBy: actorSchema,
  updatedAt: z.string(),
});

/** Formats the first few issues of a failed parse as `path: message; …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length === 0 ? "(file)" : issue.path.join(".")}: ${issue.message}`)
    .join("; ");
}
