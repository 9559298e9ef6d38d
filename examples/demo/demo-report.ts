import type { Toolset } from "@podkit/core";

interface HistoryEvent {
  readonly seq: number;
  readonly kind: string;
  readonly actor: string;
  readonly at: string;
  readonly from?: string;
  readonly to?: string;
  readonly reason?: string;
  readonly body?: string;
  readonly data?: { readonly verdict?: string; readonly details?: Readonly<Record<string, unknown>> };
}

/** One ticket as the demo reports it. */
export interface DemoTicket {
  readonly id: string;
  readonly title: string;
  readonly state: string;
  readonly branch: string | undefined;
  /** The commit that merged the branch into the base branch, once recorded. */
  readonly merged: string | undefined;
  readonly reviews: readonly string[];
  readonly events: readonly HistoryEvent[];
}

/** Reads every ticket and its history through the human toolset, each body cut at `bodyLimit`. */
export async function readTickets(
  human: Toolset,
  ids: readonly string[],
  bodyLimit = 200,
): Promise<DemoTicket[]> {
  const tickets: DemoTicket[] = [];
  for (const id of ids) {
    const result = await human.call("ticket_show", { ticketId: id, historyLimit: 500, bodyLimit });
    if (!result.ok) throw new Error(`ticket_show ${id}: ${result.error.message}`);
    const output = result.output as {
      ticket: { title: string; state: string };
      history: { events: HistoryEvent[] };
    };
    const events = output.history.events;
    const branch = events.findLast((event) => event.data?.details?.step === "worktree-created")?.data?.details
      ?.branch;
    const merged = events.findLast((event) => event.data?.details?.step === "merged")?.data?.details?.commit;
    tickets.push({
      id,
      title: output.ticket.title,
      state: output.ticket.state,
      branch: typeof branch === "string" ? branch : undefined,
      merged: typeof merged === "string" ? merged : undefined,
      reviews: events.filter((event) => event.kind === "review").map((event) => event.data?.verdict ?? "?"),
      events,
    });
  }
  return tickets;
}

/** Every recorded event of every ticket, in time order, one readable line each. */
export function renderTimeline(tickets: readonly DemoTicket[]): string {
  const rows = tickets.flatMap((ticket) => ticket.events.map((event) => ({ ticket: ticket.id, event })));
  rows.sort((left, right) => left.event.at.localeCompare(right.event.at) || left.event.seq - right.event.seq);
  return rows
    .map(({ ticket, event }) => {
      const move =
        event.to !== undefined && event.from !== event.to ? ` ${event.from ?? "·"} → ${event.to}` : "";
      const what = event.data?.verdict ?? event.reason ?? firstLine(event.body);
      return `${event.at.slice(11, 23)}  ${ticket.padEnd(5)} ${event.kind.padEnd(15)} ${event.actor.padEnd(36)}${move}${what ? `  ${what}` : ""}`;
    })
    .join("\n");
}

/** The final board: ticket, state, branch, the merge commit (when merged), reviews. */
export function renderBoard(tickets: readonly DemoTicket[]): string {
  const merges = tickets.some((ticket) => ticket.merged !== undefined);
  const header = ["ticket", "title", "state", "branch", ...(merges ? ["merged"] : []), "reviews"];
  const rows = tickets.map((ticket) => [
    ticket.id,
    ticket.title,
    ticket.state,
    ticket.branch ?? "-",
    ...(merges ? [ticket.merged?.slice(0, 12) ?? "-"] : []),
    ticket.reviews.join(", ") || "-",
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

function firstLine(text: string | undefined): string {
  const line = text?.split("\n")[0] ?? "";
  return line.length > 90 ? `${line.slice(0, 90)}…` : line;
}
