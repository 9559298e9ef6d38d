import { z } from "zod";
import { LIMITS } from "../domain/ticket-state.js";
import { boundAttempt } from "./attempt-binding.js";
import { commandTool } from "./command-tool.js";
import { boundedText, RecordedEventSchema, TicketIdSchema } from "./ticket-schemas.js";
import { recordedEvent } from "./ticket-views.js";

export const ticketComment = commandTool({
  name: "ticket_comment",
  description: "Add a comment, plan or decision to a ticket's thread.",
  capability: "thread",
  input: z.strictObject({
    ticketId: TicketIdSchema,
    body: boundedText(LIMITS.commentChars).min(1).describe("Markdown."),
    kind: z.enum(["comment", "plan", "decision"]).default("comment"),
  }),
  output: RecordedEventSchema,
  command: (input) => ({ type: "comment", kind: input.kind, body: input.body }),
  answer: recordedEvent,
});

export const ticketReview = commandTool({
  name: "ticket_review",
  description:
    "Record a review of an in-progress ticket's work: approve, or request changes with reasons; a reviewer Pod's verdict counts for the attempt it was launched for.",
  capability: "review",
  input: z.strictObject({
    ticketId: TicketIdSchema,
    verdict: z.enum(["approve", "request_changes"]),
    body: boundedText(LIMITS.commentChars)
      .min(1)
      .describe("What was checked and, for request_changes, what must change."),
  }),
  output: RecordedEventSchema,
  command: (input, context) => {
    const attempt = boundAttempt(context);
    return {
      type: "review",
      verdict: input.verdict,
      body: input.body,
      ...(attempt === undefined ? {} : { attempt }),
    };
  },
  answer: recordedEvent,
});
