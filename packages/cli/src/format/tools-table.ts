import type { ToolDescriptor } from "@podkit/core";
import { type Column, renderTable } from "./render-table.js";

const COLUMNS: readonly Column<ToolDescriptor>[] = [
  { header: "TOOL", value: (tool) => tool.name },
  { header: "CAPABILITY", value: (tool) => tool.capabilities.join("|") },
  { header: "HINTS", value: hints },
  { header: "DESCRIPTION", value: (tool) => tool.description },
];

/** `podkit tools` for a person: each granted tool with its capability, hints and description. */
export function renderToolsTable(role: string, tools: readonly ToolDescriptor[]): string {
  if (tools.length === 0) return `Role '${role}' is granted no tools.\n`;
  return `${renderTable(COLUMNS, tools)}\n${tools.length} tool${tools.length === 1 ? "" : "s"} granted to role '${role}'.\n`;
}

function hints(tool: ToolDescriptor): string {
  const names = [
    tool.hints.readOnly ? "read-only" : undefined,
    tool.hints.destructive ? "destructive" : undefined,
    tool.hints.idempotent ? "idempotent" : undefined,
  ].filter((name) => name !== undefined);
  return names.length === 0 ? "-" : names.join(",");
}
