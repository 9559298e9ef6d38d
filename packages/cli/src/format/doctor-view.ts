import type { TicketToolOutput } from "@podkit/ticket-lifecycle";
import { type Column, renderTable } from "./render-table.js";
import { terminalLine } from "./terminal-text.js";

type Problem = TicketToolOutput<"ticket_doctor">["problems"][number];

const COLUMNS: readonly Column<Problem>[] = [
  { header: "TICKET", value: (problem) => terminalLine(problem.ticketId, 40) },
  { header: "LOCATION", value: (problem) => terminalLine(problem.location) },
  { header: "PROBLEM", value: (problem) => terminalLine(problem.problem, 300) },
];

/** `podkit ticket doctor` for a person: a clean bill, or each problem with the file at fault. */
export function renderDoctorReport(report: TicketToolOutput<"ticket_doctor">): string {
  const checked = `Checked ${report.checkedTickets} ticket${report.checkedTickets === 1 ? "" : "s"}`;
  if (report.count === 0) return `${checked}: no problems.\n`;
  const more = report.truncated ? ` (showing ${report.returned}; raise --limit to see all)` : "";
  return `${renderTable(COLUMNS, report.problems)}\n${checked}: ${report.count} problem${report.count === 1 ? "" : "s"}${more}.\n`;
}
