import type { TicketToolOutput } from "@podkit/ticket-lifecycle";
import { formatTime } from "./format-time.js";
import { terminalLine, terminalText } from "./terminal-text.js";
import { renderTimeline } from "./ticket-timeline.js";

type Shown = TicketToolOutput<"ticket_show">;

/** `podkit ticket show` for a person: the fields, the body, reviews, then the history timeline. */
export function renderTicket(shown: Shown): string {
  const { ticket } = shown;
  const fields: [string, string | null][] = [
    ["state", ticket.damaged ? `${ticket.state}!DAMAGED` : ticket.state],
    ["priority", ticket.priority],
    ["assignee", ticket.assignee],
    [
      "queued",
      ticket.queuedBy === null ? null : `by ${ticket.queuedBy} at ${formatTime(ticket.queuedAt ?? "")}`,
    ],
    [
      "lease",
      ticket.lease === null
        ? null
        : `${ticket.lease.holder}${ticket.lease.token === undefined ? "" : `, token ${ticket.lease.token}`}, expires ${formatTime(ticket.lease.expiresAt)}`,
    ],
    ["created", `${formatTime(ticket.createdAt)} by ${ticket.createdBy}`],
    ["updated", `${formatTime(ticket.updatedAt)} (version ${ticket.seq})`],
  ];
  for (const [relation, targets] of Object.entries(ticket.relations))
    if (targets.length > 0) fields.push([relation.replace("_", " "), targets.join(", ")]);
  if (ticket.resolution !== null) fields.push(["resolution", ticket.resolution]);
  const lines = [`${terminalLine(ticket.id)}  ${terminalLine(ticket.title)}`, ""];
  for (const [name, value] of fields)
    if (value !== null) lines.push(`  ${name.padEnd(10)}  ${terminalLine(value, 200)}`);
  if (ticket.damage !== undefined)
    section(
      lines,
      "DAMAGED: no granted command could have written these events, so the state cannot be trusted ('podkit ticket doctor')",
      ticket.damage.map((flaw) => `event ${flaw.seq}: ${flaw.problem}`).join("\n"),
    );
  section(lines, "Body", ticket.body.trim() === "" ? "(empty)" : ticket.body);
  if (ticket.bodyTruncated) lines.push("  (body truncated; see --json or the ticket file)");
  if (ticket.intakeSummary !== null) section(lines, "Intake summary", ticket.intakeSummary);
  for (const review of ticket.reviews)
    section(lines, `Review by ${review.by} at ${formatTime(review.at)}: ${review.verdict}`, review.body);
  lines.push("", renderTimeline(shown.history));
  return `${lines.join("\n")}\n`;
}

function section(lines: string[], heading: string, text: string): void {
  lines.push("", `${terminalLine(heading)}:`);
  for (const line of terminalText(text.trimEnd()).split("\n")) lines.push(`  ${line}`.trimEnd());
}
