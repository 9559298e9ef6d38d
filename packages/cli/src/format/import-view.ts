import type { ImportOriginTicketsResult } from "@podkit/ticket-lifecycle/import";

import { type Column, renderTable } from "./render-table.js";
import { terminalLine } from "./terminal-text.js";

type Imported = ImportOriginTicketsResult["imported"][number];
type Skipped = ImportOriginTicketsResult["skipped"][number];

const IMPORTED: readonly Column<Imported>[] = [
  { header: "ID", value: (ticket) => terminalLine(ticket.ticketId) },
  {
    header: "STATE",
    value: (ticket) =>
      ticket.state === ticket.originState ? ticket.state : `${ticket.state} (was ${ticket.originState})`,
  },
  { header: "EVENTS", value: (ticket) => String(ticket.events) },
  { header: "NOTES", value: (ticket) => terminalLine(ticket.notes.join("; "), 200) || "-" },
];

const SKIPPED: readonly Column<Skipped>[] = [
  { header: "DIRECTORY", value: (skipped) => terminalLine(skipped.dir) },
  {
    header: "FILE",
    value: (skipped) =>
      terminalLine(`${skipped.file}${skipped.line === undefined ? "" : `:${skipped.line}`}`),
  },
  { header: "PROBLEM", value: (skipped) => terminalLine(skipped.problem, 300) },
];

/** `podkit ticket import` for a person: what was imported, and what was skipped and why. */
export function renderImportResult(result: ImportOriginTicketsResult, sourceDir: string): string {
  const verb = result.dryRun ? "Would import" : "Imported";
  const lines: string[] = [];
  if (result.imported.length > 0) lines.push(renderTable(IMPORTED, result.imported), "");
  if (result.skipped.length > 0) lines.push("Skipped:", renderTable(SKIPPED, result.skipped), "");
  const count = (n: number) => `${n} ticket${n === 1 ? "" : "s"}`;
  lines.push(
    `${verb} ${count(result.imported.length)} from ${terminalLine(sourceDir)}${result.skipped.length === 0 ? "." : `; skipped ${count(result.skipped.length)}.`}`,
  );
  return `${lines.join("\n")}\n`;
}
