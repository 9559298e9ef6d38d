import { defineTool } from "@podkit/core";
import { z } from "zod";
import { LIMITS } from "../domain/ticket-state.js";
import { boundedText, TicketIdSchema } from "./ticket-schemas.js";
import { eventActor, ticketService } from "./tool-context.js";

const RecordedSchema = z.object({
  ticketId: z.string(),
  seq: z.number().int().describe("Sequence number of the recorded event."),
});

export const ticketComment = defineTool({
  name: "ticket_comment",
  description: "Add a comment, plan or decision to a ticket's thread.",
  capability: "thread",
  scope: { ticket: "ticketId" },
  input: z.strictObject({
    ticketId: TicketIdSchema,
    body: boundedText(LIMITS.commentChars).min(1).describe("Markdown."),
    kind: z.enum(["comment", "plan", "decision"]).default("comment"),
  }),
  output: RecordedSchema,
  async execute(input, context) {
    const outcome = await ticketService(context).execute(eventActor(context), input.ticketId, {
      type: "comment",
      kind: input.kind,
      body: input.body,
    });
    return { ticketId: input.ticketId, seq: outcome.event.seq };
  },
});

export const ticketReview = defineTool({
  name: "ticket_review",
  description: "Record a review of an in-progress ticket's work: approve, or request changes with reasons.",
  capability: "review",
  scope: { ticket: "ticketId" },
  input: z.strictObject({
    ticketId: TicketIdSchema,
    verdict: z.enum(["approve", "request_changes"]),
    body: boundedText(LIMITS.commentChars)
      .min(1)
      .describe("What was checked and, for request_changes, what must change."),
  }),
  output: RecordedSchema,
  async execute(input, context) {
    const outcome = await ticketService(context).execute(eventActor(context), input.ticketId, {
      type: "review",
      verdict: input.verdict,
      body: input.body,
    });
    return { ticketId: input.ticketId, seq: outcome.event.seq };
  },
});
