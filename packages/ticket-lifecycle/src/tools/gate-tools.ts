import { z } from "zod";
import { LIMITS } from "../domain/ticket-state.js";
import { commandTool } from "./command-tool.js";
import { boundedText, ChangedTicketSchema, ReasonSchema, TicketIdSchema } from "./ticket-schemas.js";
import { changedTicket } from "./ticket-views.js";

export const ticketMarkReady = commandTool({
  name: "ticket_mark_ready",
  description:
    "Finish intake: record the intake summary and move the ticket from 'planning' to 'ready' for the human gate.",
  capability: "intake",
  input: z.strictObject({
    ticketId: TicketIdSchema,
    summary: boundedText(LIMITS.summaryChars)
      .min(1)
      .describe("What is to be done and how it will be checked."),
  }),
  output: ChangedTicketSchema,
  command: (input) => ({ type: "mark_ready", summary: input.summary }),
  answer: changedTicket,
});

export const ticketQueue = commandTool({
  name: "ticket_queue",
  description:
    "Human gate: authorize Orchestrator routing by moving a 'ready' (or 'blocked', with a reason) ticket to 'queued'.",
  capability: "gate",
  input: z.strictObject({
    ticketId: TicketIdSchema,
    reason: boundedText(LIMITS.reasonChars).optional().describe("Required when re-queuing a blocked ticket."),
  }),
  output: ChangedTicketSchema,
  command: (input) => ({ type: "queue", ...(input.reason === undefined ? {} : { reason: input.reason }) }),
  answer: changedTicket,
});

export const ticketReturnToPlanning = commandTool({
  name: "ticket_return_to_planning",
  description: "Send a 'ready' or 'queued' ticket back to 'planning', naming the decision it is missing.",
  capability: ["intake", "orchestrate"],
  input: z.strictObject({
    ticketId: TicketIdSchema,
    reason: ReasonSchema("The missing decision or information."),
  }),
  output: ChangedTicketSchema,
  command: (input) => ({ type: "return_to_planning", reason: input.reason }),
  answer: changedTicket,
});

export const ticketClose = commandTool({
  name: "ticket_close",
  description:
    "Close a ticket with a resolution; the human gate may close any open ticket, an orchestrator only a 'done' one.",
  capability: ["gate", "orchestrate"],
  hints: { destructive: true },
  input: z.strictObject({ ticketId: TicketIdSchema, resolution: ReasonSchema("How the ticket ended.") }),
  output: ChangedTicketSchema,
  command: (input) => ({ type: "close", resolution: input.resolution }),
  options: (context) => ({ gate: context.capabilities.has("gate") }),
  answer: changedTicket,
});
