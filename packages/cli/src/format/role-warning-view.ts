import type { TicketRoleWarning } from "@podkit/ticket-lifecycle";

/** One risky role grant as a line a person notices on stderr or above the tools table. */
export function formatRoleWarning(warning: TicketRoleWarning): string {
  return `podkit: WARNING: ${warning.message}\n`;
}
