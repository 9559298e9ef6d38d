import type { CopyTicketsResult, SkippedTicket } from "@podkit/ticket-lifecycle/import";
import { type Column, renderTable } from "./render-table.js";
import { terminalLine } from "./terminal-text.js";

const SKIPPED: readonly Column<SkippedTicket>[] = [
  { header: "ID", value: (skipped) => terminalLine(skipped.ticketId) },
  { header: "REASON", value: (skipped) => skipped.reason },
  { header: "PROBLEM", value: (skipped) => terminalLine(skipped.message, 300) },
];

/** `podkit ticket copy` for a person: how many were copied, and what was skipped and why. */
export function renderCopyResult(
  result: CopyTicketsResult,
  files: { readonly from: string; readonly to: string; readonly dryRun: boolean },
): string {
  const count = (n: number) => `${n} ticket${n === 1 ? "" : "s"}`;
  const lines: string[] = [];
  if (result.skipped.length > 0) lines.push("Skipped:", renderTable(SKIPPED, result.skipped), "");
  lines.push(
    `${files.dryRun ? "Would copy" : "Copied"} ${count(result.copied.length)} from the store of ${terminalLine(files.from)} to the store of ${terminalLine(files.to)}${result.skipped.length === 0 ? "." : `; skipped ${count(result.skipped.length)}.`}`,
  );
  return `${lines.join("\n")}\n`;
}
