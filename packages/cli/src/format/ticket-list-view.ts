import type { TicketToolOutput } from "@podkit/ticket-lifecycle";
import { formatTime } from "./format-time.js";
import { type Column, renderTable } from "./render-table.js";
import { terminalLine } from "./terminal-text.js";

type Summary = TicketToolOutput<"ticket_list">["tickets"][number];

const COLUMNS: readonly Column<Summary>[] = [
  { header: "ID", value: (ticket) => terminalLine(ticket.id) },
  // A damaged ticket's state comes from a history no granted command could have written.
  { header: "STATE", value: (ticket) => (ticket.damaged ? `${ticket.state}!DAMAGED` : ticket.state) },
  { header: "PRIORITY", value: (ticket) => ticket.priority },
  { header: "UPDATED", value: (ticket) => formatTime(ticket.updatedAt) },
  {
    header: "LEASE",
    value: (ticket) =>
      ticket.lease === null
        ? "-"
        : // The token is shown only to the lease holder and the human gate.
          `${terminalLine(ticket.lease.holder, 24)}${ticket.lease.token === undefined ? "" : ` #${ticket.lease.token}`}`,
  },
  { header: "TITLE", value: (ticket) => terminalLine(ticket.title, 80) },
];

/** `podkit ticket list` for a person: a table and a line that says how much was left out. */
export function renderTicketList(output: TicketToolOutput<"ticket_list">, states: readonly string[]): string {
  const where = states.length === 0 ? "" : ` in state ${states.join(", ")}`;
  if (output.count === 0) return `No tickets${where}.\n`;
  const lines = [renderTable(COLUMNS, output.tickets)];
  if (output.truncated)
    lines.push(`Showing ${output.returned} of ${output.count} tickets${where}; raise --limit to see more.`);
  else lines.push(`${output.count} ticket${output.count === 1 ? "" : "s"}${where}.`);
  if (output.tickets.some((ticket) => ticket.damaged))
    lines.push(
      "!DAMAGED: the history holds events no granted command could have written; 'podkit ticket doctor' says which.",
    );
  return `${lines.join("\n")}\n`;
}
