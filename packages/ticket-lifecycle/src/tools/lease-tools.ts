import { defineTool } from "@podkit/core";
import { z } from "zod";
import { LEASE_BOUNDS_MS, LIMITS } from "../domain/ticket-state.js";
import { sweepExpiredLeases } from "../service/lease-sweeper.js";
import { commandTool } from "./command-tool.js";
import {
  boundedText,
  ChangedTicketSchema,
  LeaseSchema,
  LeaseTokenSchema,
  ReasonSchema,
  RecordedEventSchema,
  TicketIdSchema,
  TicketSummarySchema,
} from "./ticket-schemas.js";
import { viewerOf } from "./ticket-viewer.js";
import { changedTicket, recordedEvent, summarize } from "./ticket-views.js";
import { eventActor, ticketService } from "./tool-context.js";

const LeaseMsSchema = z
  .number()
  .int()
  .min(LEASE_BOUNDS_MS.min)
  .max(LEASE_BOUNDS_MS.max)
  .optional()
  .describe("Lease length in milliseconds; the configured default when absent.");

export const ticketAccept = commandTool({
  name: "ticket_accept",
  description:
    "Accept a 'queued', unblocked ticket for orchestration: atomically moves it to 'inprogress' and returns the lease whose token every later write must present.",
  capability: "orchestrate",
  hints: { idempotent: true },
  input: z.strictObject({
    ticketId: TicketIdSchema,
    requestId: z
      .string()
      .min(1)
      .max(128)
      .describe("A unique id for this attempt; reuse it when retrying after an unknown outcome."),
    leaseMs: LeaseMsSchema,
  }),
  output: z.object({
    ticket: TicketSummarySchema,
    lease: LeaseSchema,
    repeated: z.boolean().describe("True when this requestId had already accepted the ticket."),
  }),
  command: (input, context) => ({
    type: "accept",
    holder: context.actor.agentId,
    requestId: input.requestId,
    leaseMs: input.leaseMs ?? ticketService(context).policy.leaseMs,
  }),
  answer(outcome, context) {
    const event = outcome.event;
    // A repeat is only answered while its lease is live; the ticket has its current expiry (renewals included).
    const lease = outcome.record.ticket.lease ?? {
      holder: event.data?.holder ?? context.actor.agentId,
      token: event.token ?? event.seq,
      expiresAt: event.data?.expiresAt ?? "",
    };
    return { ticket: summarize(outcome.record.ticket, viewerOf(context)), lease, repeated: outcome.repeated };
  },
});

export const ticketRenewLease = commandTool({
  name: "ticket_renew_lease",
  description:
    "Extend the lease on an in-progress ticket you hold; fails with lease_lost if you no longer hold it.",
  capability: "orchestrate",
  input: z.strictObject({ ticketId: TicketIdSchema, token: LeaseTokenSchema, leaseMs: LeaseMsSchema }),
  output: z.object({ lease: LeaseSchema }),
  command: (input, context) => ({
    type: "renew_lease",
    token: input.token,
    leaseMs: input.leaseMs ?? ticketService(context).policy.leaseMs,
  }),
  answer(outcome) {
    const lease = outcome.record.ticket.lease;
    if (lease === null) throw new Error("renewed lease missing from ticket");
    return { lease };
  },
});

export const ticketReport = commandTool({
  name: "ticket_report",
  description:
    "Record progress, an intent (a side effect about to happen) or a failure under an in-progress ticket you hold.",
  capability: "orchestrate",
  input: z.strictObject({
    ticketId: TicketIdSchema,
    token: LeaseTokenSchema,
    kind: z.enum(["progress", "intent", "failure"]),
    body: boundedText(LIMITS.commentChars).min(1).describe("What happened or is about to happen."),
    details: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .optional()
      .describe("Small structured facts, e.g. { step: 'worktree', path: '…' }."),
  }),
  output: RecordedEventSchema,
  command: (input) => ({
    type: "report",
    token: input.token,
    kind: input.kind,
    body: input.body,
    ...(input.details === undefined ? {} : { details: input.details }),
  }),
  answer: recordedEvent,
});

export const ticketBlock = commandTool({
  name: "ticket_block",
  description:
    "Stop work on an in-progress ticket you hold and move it to 'blocked' with the reason a human must decide on.",
  capability: "orchestrate",
  input: z.strictObject({
    ticketId: TicketIdSchema,
    token: LeaseTokenSchema,
    reason: ReasonSchema("Why work stopped and what decision is needed."),
  }),
  output: ChangedTicketSchema,
  command: (input) => ({ type: "block", token: input.token, reason: input.reason }),
  answer: changedTicket,
});

export const ticketDefer = commandTool({
  name: "ticket_defer",
  description: "Give an in-progress ticket you hold back to the human gate ('ready') with a reason.",
  capability: "orchestrate",
  input: z.strictObject({
    ticketId: TicketIdSchema,
    token: LeaseTokenSchema,
    reason: ReasonSchema("Why it is deferred."),
  }),
  output: ChangedTicketSchema,
  command: (input) => ({ type: "defer", token: input.token, reason: input.reason }),
  answer: changedTicket,
});

export const ticketComplete = commandTool({
  name: "ticket_complete",
  description: "Mark an in-progress ticket you hold as 'done'.",
  capability: "orchestrate",
  input: z.strictObject({
    ticketId: TicketIdSchema,
    token: LeaseTokenSchema,
    summary: boundedText(LIMITS.commentChars).optional().describe("What was delivered."),
  }),
  output: ChangedTicketSchema,
  command: (input) => ({
    type: "complete",
    token: input.token,
    ...(input.summary === undefined ? {} : { summary: input.summary }),
  }),
  answer: changedTicket,
});

export const ticketSweepLeases = defineTool({
  name: "ticket_sweep_leases",
  description:
    "Resolve every expired lease per policy (block with a reason, or take over with a new token); never back to 'queued'.",
  capability: "orchestrate",
  input: z.strictObject({}),
  output: z.object({
    swept: z.array(
      z.object({
        ticketId: z.string(),
        outcome: z.enum(["blocked", "takeover"]),
        expiredToken: z.number().int(),
        newToken: z.number().int().optional(),
        reason: z.string(),
      }),
    ),
  }),
  async execute(_input, context) {
    return { swept: await sweepExpiredLeases(ticketService(context), eventActor(context)) };
  },
});
