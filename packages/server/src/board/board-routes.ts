import { featureToolset, type Podkit, type ToolResult, type Toolset } from "@podkit/core";
import type { TicketFeature } from "@podkit/ticket-lifecycle";
import { type Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  type BoardAuthOptions,
  type BoardVariables,
  requireBoardSession,
  requireCsrfToken,
} from "../auth/board-auth.js";
import type { BoardSession } from "../auth/board-sessions.js";
import { toolsetOf } from "../caller.js";
import { isBoardState } from "./board-card.js";
import type { BoardModel, CardChange } from "./board-model.js";
import { renderBoard } from "./render-board.js";
import { renderCard } from "./render-card.js";
import { renderLayout } from "./render-layout.js";
import { renderProblem } from "./render-pages.js";
import { renderTicket } from "./render-ticket.js";
import { ticketAction } from "./ticket-actions.js";
import { TIMELINE_LIMIT, type TicketPage } from "./ticket-view.js";

/** What the board's routes need. */
export interface BoardRoutesOptions extends BoardAuthOptions {
  readonly podkit: Podkit;
  readonly model: BoardModel;
  /** Cards shown per column at most (the count says how many there are). */
  readonly columnLimit: number;
  /** Seconds between SSE keep-alive comments. */
  readonly keepAliveMs: number;
}

const TICKET_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/**
 * The board: `/` (columns), `/tickets/:id` (body, timeline, actions), `/events` (SSE), and a POST
 * per action. Every read of a ticket page and every action goes through the signed-in caller's
 * toolset, so what the board allows is exactly what the role is granted.
 */
export function boardRoutes(options: BoardRoutesOptions): Hono<{ Variables: BoardVariables }> {
  const app = new Hono<{ Variables: BoardVariables }>();
  const toolsets = new WeakMap<BoardSession, Toolset>();
  const toolsetFor = (session: BoardSession) => {
    const known = toolsets.get(session);
    if (known !== undefined) return known;
    const toolset = toolsetOf(options.podkit, session.caller);
    toolsets.set(session, toolset);
    return toolset;
  };
  const signedInAs = (session: BoardSession) => `${session.caller.agentId} (${session.caller.role})`;

  app.use("*", requireBoardSession(options), requireCsrfToken());

  app.get("/", async (context) => {
    const session = context.get("session");
    await options.model.ready();
    const toolset = toolsetFor(session);
    const now = new Date();
    return context.html(
      renderLayout(
        {
          title: "Board",
          page: "board",
          signedInAs: signedInAs(session),
          csrfToken: session.csrfToken,
          version: options.model.version,
        },
        renderBoard({
          columns: options.model.columns(options.columnLimit),
          actions: { canQueue: toolset.has("ticket_queue"), csrfToken: session.csrfToken },
          canCreate: toolset.has("ticket_create"),
          now,
        }),
      ),
    );
  });

  app.get("/events", (context) => {
    const session = context.get("session");
    const toolset = toolsetFor(session);
    return streamSSE(context, async (stream) => {
      const queue: CardChange[] = [];
      let wake: (() => void) | undefined;
      let open = true;
      const stop = () => {
        open = false;
        wake?.();
      };
      // A page rendered at version V asks for what changed since (an EventSource that reconnects
      // sends the last event id): subscribed first, the backlog read in the same tick, so nothing
      // falls between the two.
      const since = versionOf(context.req.header("last-event-id")) ?? versionOf(context.req.query("since"));
      const unsubscribe = options.model.subscribe((change) => {
        queue.push(change);
        wake?.();
      });
      if (since !== undefined) queue.unshift(...options.model.changesSince(since));
      const signedOut = () => {
        void stream.writeSSE({ event: "signed-out", data: "{}" }).finally(stop);
      };
      session.closers.add(signedOut);
      stream.onAbort(stop);
      try {
        await stream.writeSSE({ event: "hello", data: JSON.stringify({ counts: options.model.counts() }) });
        while (open) {
          const change = queue.shift();
          if (change === undefined) {
            await new Promise<void>((resolve) => {
              wake = resolve;
              setTimeout(resolve, options.keepAliveMs).unref();
            });
            wake = undefined;
            if (queue.length === 0 && open) await stream.write(": keep-alive\n\n");
            continue;
          }
          const { card } = change;
          const html = isBoardState(card.state)
            ? String(
                renderCard(
                  card,
                  { canQueue: toolset.has("ticket_queue"), csrfToken: session.csrfToken },
                  new Date(),
                ),
              )
            : "";
          await stream.writeSSE({
            event: "card",
            id: String(change.version),
            data: JSON.stringify({ id: card.id, state: card.state, html, counts: options.model.counts() }),
          });
        }
      } finally {
        unsubscribe();
        session.closers.delete(signedOut);
      }
    });
  });

  app.get("/tickets/:id", async (context) => {
    const session = context.get("session");
    const id = context.req.param("id");
    // Read before the ticket: a change after this point reaches the page's live stream.
    const version = options.model.version;
    const shown = await showTicket(toolsetFor(session), id);
    if (!shown.ok) return problem(context, session, shown.result, "/");
    return context.html(
      renderLayout(
        {
          title: id,
          page: "ticket",
          ticketId: id,
          signedInAs: signedInAs(session),
          csrfToken: session.csrfToken,
          version,
        },
        renderTicket({
          page: shown.page,
          granted: (tool) => toolsetFor(session).has(tool),
          csrfToken: session.csrfToken,
          now: new Date(),
        }),
      ),
    );
  });

  /** The ticket part alone, for the script to swap in when the ticket changes. */
  app.get("/tickets/:id/part", async (context) => {
    const session = context.get("session");
    const shown = await showTicket(toolsetFor(session), context.req.param("id"));
    if (!shown.ok)
      return context.text(
        `${shown.result.error.code}: ${shown.result.error.message}`,
        statusOf(shown.result.error.code),
      );
    return context.html(
      renderTicket({
        page: shown.page,
        granted: (tool) => toolsetFor(session).has(tool),
        csrfToken: session.csrfToken,
        now: new Date(),
      }),
    );
  });

  app.post("/tickets", async (context) => {
    const session = context.get("session");
    const form = await context.req.parseBody();
    const result = await featureToolset<TicketFeature>(toolsetFor(session)).call("ticket_create", {
      title: text(form.title) ?? "",
      ...optional("body", text(form.body)),
    });
    if (!result.ok) return problem(context, session, result, "/");
    const { id } = result.output.ticket;
    await options.model.refresh(id);
    return context.redirect(`/tickets/${encodeURIComponent(id)}`, 303);
  });

  app.post("/tickets/:id/:action", async (context) => {
    const session = context.get("session");
    const id = context.req.param("id");
    const action = ticketAction(context.req.param("action"));
    if (action === undefined || !TICKET_ID.test(id)) return context.notFound();
    const form = await context.req.parseBody();
    const input: Record<string, unknown> = { ticketId: id };
    for (const field of action.fields) {
      const value = text(form[field.name]);
      if (value !== undefined && value !== "") input[field.input] = value;
    }
    const result = await toolsetFor(session).call(action.tool, input);
    const back = safeBack(context.req.header("referer"), id);
    if (!result.ok) return problem(context, session, result, back);
    await options.model.refresh(id);
    return context.redirect(back, 303);
  });

  return app;
}

async function showTicket(
  toolset: Toolset,
  ticketId: string,
): Promise<{ ok: true; page: TicketPage } | { ok: false; result: Extract<ToolResult, { ok: false }> }> {
  const result = await featureToolset<TicketFeature>(toolset).call("ticket_show", {
    ticketId,
    historyLimit: TIMELINE_LIMIT,
    bodyLimit: 100_000,
  });
  return result.ok ? { ok: true, page: result.output } : { ok: false, result };
}

function problem(
  context: Context<{ Variables: BoardVariables }>,
  session: BoardSession,
  result: Extract<ToolResult, { ok: false }>,
  back: string,
) {
  const { code, message } = result.error;
  return context.html(
    renderLayout(
      {
        title: "Not done",
        page: "plain",
        signedInAs: `${session.caller.agentId} (${session.caller.role})`,
        csrfToken: session.csrfToken,
      },
      renderProblem({ code, message, back }),
    ),
    statusOf(code),
  );
}

/** The HTTP status for a tool's refusal code. */
export function statusOf(code: string): ContentfulStatusCode {
  switch (code) {
    case "invalid_input":
      return 400;
    case "out_of_scope":
      return 403;
    case "unknown_tool":
    case "not_found":
      return 404;
    case "conflict":
    case "precondition_failed":
    case "lease_lost":
      return 409;
    default:
      return 500;
  }
}

/** Where to go after an action: back to the board or the ticket page it came from, never elsewhere. */
function safeBack(referer: string | undefined, ticketId: string): string {
  const path = referer === undefined ? undefined : safePath(referer);
  return path === "/" ? "/" : `/tickets/${encodeURIComponent(ticketId)}`;
}

function safePath(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

/** A version number from a query parameter or Last-Event-ID, or undefined. */
function versionOf(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9]{1,15}$/.test(text)) return undefined;
  return Number(text);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function optional(key: string, value: string | undefined): Record<string, string> {
  return value === undefined || value === "" ? {} : { [key]: value };
}
