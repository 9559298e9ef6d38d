import { defineTool } from "@podkit/core";
import { z } from "zod";
import { compareTicketIds } from "../backend/next-ticket-id.js";
import type { TicketProblem } from "../backend/ticket-backend.js";
import {
  HistoryViewSchema,
  TicketIdSchema,
  TicketStateSchema,
  TicketSummarySchema,
  TicketViewSchema,
} from "./ticket-schemas.js";
import { viewerOf } from "./ticket-viewer.js";
import { HISTORY_BODY_LIMIT, summarize, viewHistory, viewTicket } from "./ticket-views.js";
import { ticketService } from "./tool-context.js";

export const ticketList = defineTool({
  name: "ticket_list",
  description: "List tickets, optionally by state or text, newest changes last; bounded by limit.",
  capability: "read",
  hints: { readOnly: true, idempotent: true },
  input: z.strictObject({
    states: z.array(TicketStateSchema).optional().describe("Only tickets in these states."),
    text: z.string().max(200).optional().describe("Case-insensitive text the title must contain."),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  }),
  output: z.object({
    tickets: z.array(TicketSummarySchema),
    count: z.number().int().describe("Tickets matching, before limit and offset."),
    returned: z.number().int(),
    truncated: z.boolean().describe("True when more match than were returned; page with offset."),
    unreadable: z.number().int().describe("Damaged tickets left out; ticket_doctor names them."),
  }),
  async execute(input, context) {
    const service = ticketService(context);
    const { tickets, problems } = await service.backend.list(
      input.states === undefined ? {} : { states: input.states },
    );
    const needle = input.text?.toLowerCase();
    const matching =
      needle === undefined
        ? [...tickets]
        : tickets.filter((ticket) => ticket.title.toLowerCase().includes(needle));
    matching.sort((left, right) => compareTicketIds(left.id, right.id));
    const page = matching.slice(input.offset, input.offset + input.limit);
    const summaries = [];
    for (const ticket of page) {
      const damaged = (await service.damageAt(ticket.id, ticket.seq)).length > 0;
      summaries.push({
        ...summarize(ticket, viewerOf(context)),
        ...(damaged ? { damaged: true as const } : {}),
      });
    }
    return {
      tickets: summaries,
      count: matching.length,
      returned: page.length,
      truncated: input.offset + page.length < matching.length,
      unreadable: problems.length,
    };
  },
});

export const ticketShow = defineTool({
  name: "ticket_show",
  description:
    "Show one ticket: its fields, a bounded body and its latest history; page back through older events with historyBefore.",
  capability: "read",
  scope: { ticket: "ticketId" },
  hints: { readOnly: true, idempotent: true },
  input: z.strictObject({
    ticketId: TicketIdSchema,
    historyLimit: z
      .number()
      .int()
      .min(0)
      .max(500)
      .default(50)
      .describe("How many of the latest events to include (before historyBefore, when given)."),
    historyBefore: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("Page back: only events with a sequence number below this (the last page's nextBefore)."),
    bodyLimit: z
      .number()
      .int()
      .min(100)
      .max(100_000)
      .default(20_000)
      .describe("Characters of body text to include."),
  }),
  output: z.object({ ticket: TicketViewSchema, history: HistoryViewSchema }),
  async execute(input, context) {
    const service = ticketService(context);
    const record = await service.get(input.ticketId);
    const viewer = viewerOf(context);
    const damage = service.damageOf(record);
    return {
      ticket: {
        ...viewTicket(record.ticket, { bodyLimit: input.bodyLimit, viewer }),
        ...(damage.length === 0
          ? {}
          : { damaged: true as const, damage: damage.map((flaw) => ({ ...flaw })) }),
      },
      history: viewHistory(record, {
        limit: input.historyLimit,
        ...(input.historyBefore === undefined ? {} : { before: input.historyBefore }),
        bodyLimit: Math.min(input.bodyLimit, HISTORY_BODY_LIMIT),
        viewer,
      }),
    };
  },
});

export const ticketDoctor = defineTool({
  name: "ticket_doctor",
  description: "Check the ticket store for damaged or inconsistent tickets and name each file and problem.",
  capability: "read",
  hints: { readOnly: true, idempotent: true },
  input: z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
  output: z.object({
    ok: z.boolean(),
    checkedTickets: z.number().int(),
    problems: z.array(z.object({ ticketId: z.string(), location: z.string(), problem: z.string() })),
    count: z.number().int(),
    returned: z.number().int(),
    truncated: z.boolean(),
  }),
  async execute(input, context) {
    const service = ticketService(context);
    const report = await service.backend.doctor();
    // The store's own checks see files and rows; the audit sees forged but well-formed histories.
    const forged: TicketProblem[] = [];
    for (const ticket of (await service.backend.list()).tickets) {
      for (const flaw of await service.damageAt(ticket.id, ticket.seq))
        forged.push({
          ticketId: ticket.id,
          location: `${ticket.id} event ${flaw.seq}`,
          problem: flaw.problem,
        });
    }
    const all = [...report.problems, ...forged];
    const problems = all.slice(0, input.limit).map((problem) => ({ ...problem }));
    return {
      ok: report.ok && forged.length === 0,
      checkedTickets: report.checkedTickets,
      problems,
      count: all.length,
      returned: problems.length,
      truncated: problems.length < all.length,
    };
  },
});
