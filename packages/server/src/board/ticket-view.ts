import { z } from "zod";

/**
 * The parts of `ticket_show`'s output the ticket page reads. Parsed, not cast: a field renamed in
 * the tool fails here with a message, not as `undefined` on the page. Unknown fields are ignored.
 */
export const TicketPageSchema = z.object({
  ticket: z.object({
    id: z.string(),
    title: z.string(),
    state: z.string(),
    priority: z.string(),
    assignee: z.string().nullable(),
    lease: z.object({ holder: z.string(), expiresAt: z.string() }).nullable(),
    body: z.string(),
    bodyTruncated: z.boolean(),
    intakeSummary: z.string().nullable(),
    queuedBy: z.string().nullable(),
    resolution: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    dependsOn: z.array(z.string()),
  }),
  history: z.object({
    events: z.array(
      z.object({
        seq: z.number(),
        kind: z.string(),
        actor: z.string(),
        at: z.string(),
        from: z.string().optional(),
        to: z.string().optional(),
        reason: z.string().optional(),
        body: z.string().optional(),
      }),
    ),
    count: z.number(),
    truncated: z.boolean(),
  }),
});

/** A ticket with its history, as the ticket page shows it. */
export type TicketPage = z.output<typeof TicketPageSchema>;

/** The history `ticket_show` returns at most. */
export const TIMELINE_LIMIT = 500;
