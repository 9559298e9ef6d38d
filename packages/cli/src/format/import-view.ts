import type { ImportNoteKind, ImportOriginTicketsResult } from "@podkit/ticket-lifecycle/import";
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
  { header: "NOTES", value: (ticket) => noteKinds(ticket) || "-" },
];

const SKIPPED: readonly Column<Skipped>[] = [
  { header: "DIRECTORY", value: (skipped) => terminalLine(skipped.dir) },
  {
    header: "FILE",
    value: (skipped) =>
      terminalLine(`${skipped.file}${skipped.line === undefined ? "" : `:${skipped.line}`}`),
  },
  { header: "REASON", value: (skipped) => skipped.reason },
  { header: "PROBLEM", value: (skipped) => terminalLine(skipped.problem, 300) },
];

/** How many notes of each kind, over how many tickets, most frequent first. */
export function countNotesByKind(
  result: ImportOriginTicketsResult,
): { readonly kind: ImportNoteKind; readonly notes: number; readonly tickets: number }[] {
  const counts = new Map<ImportNoteKind, { notes: number; tickets: Set<string> }>();
  for (const ticket of result.imported) {
    for (const note of ticket.notes) {
      const count = counts.get(note.kind) ?? { notes: 0, tickets: new Set<string>() };
      count.notes += 1;
      count.tickets.add(ticket.ticketId);
      counts.set(note.kind, count);
    }
  }
  return [...counts]
    .map(([kind, count]) => ({ kind, notes: count.notes, tickets: count.tickets.size }))
    .sort((left, right) => right.notes - left.notes || left.kind.localeCompare(right.kind));
}

/**
 * `podkit ticket import` for a person: what was imported with the kinds of its notes, what was
 * skipped and why, the notes counted by kind, and one summary line. `--json` has every note.
 */
export function renderImportResult(result: ImportOriginTicketsResult, sourceDir: string): string {
  const verb = result.dryRun ? "Would import" : "Imported";
  const lines: string[] = [];
  if (result.imported.length > 0) lines.push(renderTable(IMPORTED, result.imported), "");
  if (result.skipped.length > 0) lines.push("Skipped:", renderTable(SKIPPED, result.skipped), "");
  const byKind = countNotesByKind(result);
  if (byKind.length > 0) {
    lines.push(
      "Notes by kind:",
      renderTable(
        [
          { header: "KIND", value: (row) => row.kind },
          { header: "NOTES", value: (row) => String(row.notes) },
          { header: "TICKETS", value: (row) => String(row.tickets) },
        ],
        byKind,
      ),
      "",
    );
  }
  const count = (n: number) => `${n} ticket${n === 1 ? "" : "s"}`;
  const buckets =
    result.buckets.length === 0
      ? ""
      : ` (buckets: ${result.buckets.map((bucket) => terminalLine(bucket)).join(", ")})`;
  lines.push(
    `${verb} ${count(result.imported.length)} from ${terminalLine(sourceDir)}${buckets}${result.skipped.length === 0 ? "." : `; skipped ${count(result.skipped.length)}.`}`,
  );
  return `${lines.join("\n")}\n`;
}

/** `embedded-document×2, legacy-state` */
function noteKinds(ticket: Imported): string {
  const counts = new Map<string, number>();
  for (const note of ticket.notes) counts.set(note.kind, (counts.get(note.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => (n === 1 ? kind : `${kind}×${n}`)).join(", ");
}
