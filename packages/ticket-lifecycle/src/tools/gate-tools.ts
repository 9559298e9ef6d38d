import { defineTool } from "@podkit/core";
import { z } from "zod";
import { LIMITS } from "../domain/ticket-state.js";
import { boundedText, ReasonSchema, TicketIdSchema, TicketSummarySchema } from "./ticket-schemas.js";
import { summarize } from "./ticket-views.js";
import { eventActor, ticketService } from "./tool-context.js";

const MovedSchema = z.object({ ticket: TicketSummarySchema });

export const ticketMarkReady = defineTool({
  name: "ticket_mark_ready",
  description:
    "Finish intake: record the intake summary and move the ticket from 'planning' to 'ready' for the human gate.",
  capability: "intake",
  scope: { ticket: "ticketId" },
  input: z.strictObject({
    ticketId: TicketIdSchema,
    summary: boundedText(LIMITS.summaryChars)
      .min(1)
      .describe("What is to be done and how it will be checked."),
  }),
  output: MovedSchema,
  async execute(input, context) {
    const outcome = await ticketService(context).execute(eventActor(context), input.ticketId, {
      type: "mark_ready",
      summary: input.summary,
    });
    return { ticket: summarize(outcome.record.ticket) };
  },
});

export const ticketQueue = defineTool({
  name: "ticket_queue",
  description:
    "Human gate: authorize Orchestrator routing by moving a 'ready' (or 'blocked', with a reason) ticket to 'queued'.",
  capability: "gate",
  scope: { ticket: "ticketId" },
  input: z.strictObject({
    ticketId: TicketIdSchema,
    reason: boundedText(LIMITS.reasonChars).optional().describe("Required when re-queuing a blocked ticket."),
  }),
  output: MovedSchema,
  async execute(input, context) {
    const outcome = await ticketService(context).execute(eventActor(context), input.ticketId, {
      type: "queue",
      ...(input.reason === undefined ? {} : { reason: input.reason }),
    });
    return { ticket: summarize(outcome.record.ticket) };
  },
});

export const ticketReturnToPlanning = defineTool({
  name: "ticket_return_to_planning",
  description: "Send a 'ready' or 'queued' ticket back to 'planning', naming the decision it is missing.",
  capability: ["intake", "orchestrate"],
  scope: { ticket: "ticketId" },
  input: z.strictObject({
    ticketId: TicketIdSchema,
    reason: ReasonSchema("The missing decision or information."),
  }),
  output: MovedSchema,
  async execute(input, context) {
    const outcome = await ticketService(context).execute(eventActor(context), input.ticketId, {
      type: "return_to_planning",
      reason: input.reason,
    });
    return { ticket: summarize(outcome.record.ticket) };
  },
});

export const ticketClose = defineTool({
  name: "ticket_close",
  description:
    "Close a ticket with a resolution; the human gate may close any open ticket, an orchestrator only a 'done' one.",
  capability: ["gate", "orchestrate"],
  scope: { ticket: "ticketId" },
  hints: { destructive: true },
  input: z.strictObject({ ticketId: TicketIdSchema, resolution: ReasonSchema("How the ticket ended.") }),
  output: MovedSchema,
  async execute(input, context) {
    const outcome = await ticketService(context).execute(
      eventActor(context),
      input.ticketId,
      { type: "close", resolution: input.resolution },
      { gate: context.capabilities.has("gate") },
    );
    return { ticket: summarize(outcome.record.ticket) };
  },
});
