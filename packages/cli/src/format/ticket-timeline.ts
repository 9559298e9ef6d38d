import type { TicketToolOutput } from "@podkit/ticket-lifecycle";
import { formatTime } from "./format-time.js";
import { terminalLine, terminalText } from "./terminal-text.js";

type History = TicketToolOutput<"ticket_show">["history"];
type HistoryEvent = History["events"][number];

const BODY_LINES = 12;

/** A ticket's history as a timeline: one heading line per event, its reason and body indented below. */
export function renderTimeline(history: History): string {
  const title = history.truncated
    ? `History (latest ${history.returned} of ${history.count} events; raise --history to see more):`
    : `History (${history.count} event${history.count === 1 ? "" : "s"}):`;
  const actorWidth = Math.max(0, ...history.events.map((event) => terminalLine(event.actor, 32).length));
  const kindWidth = Math.max(0, ...history.events.map((event) => event.kind.length));
  const lines = [title];
  for (const event of history.events) {
    const heading = [
      formatTime(event.at),
      `#${event.seq}`.padStart(4),
      terminalLine(event.actor, 32).padEnd(actorWidth),
      event.kind.padEnd(kindWidth),
      transition(event),
    ];
    lines.push(`  ${heading.join("  ").trimEnd()}`);
    for (const detail of details(event)) lines.push(`        ${detail}`);
  }
  return lines.join("\n");
}

function transition(event: HistoryEvent): string {
  const parts: string[] = [];
  if (event.from !== undefined || event.to !== undefined)
    parts.push(event.from === undefined ? `→ ${event.to}` : `${event.from} → ${event.to ?? "?"}`);
  if (event.token !== undefined) parts.push(`token ${event.token}`);
  return parts.join("  ");
}

function details(event: HistoryEvent): string[] {
  const lines: string[] = [];
  if (event.reason !== undefined) lines.push(`reason: ${terminalLine(event.reason, 200)}`);
  const facts = Object.entries(event.data ?? {}).filter(([key]) => key !== "details");
  const extra = (event.data?.details ?? {}) as Record<string, unknown>;
  for (const [key, value] of [...facts, ...Object.entries(extra)])
    lines.push(
      `${terminalLine(key, 40)}: ${terminalLine(typeof value === "string" ? value : JSON.stringify(value), 120)}`,
    );
  if (event.body !== undefined && event.body.trim() !== "") {
    const body = terminalText(event.body.trimEnd()).split("\n");
    lines.push(...body.slice(0, BODY_LINES).map((line) => `│ ${line}`));
    if (body.length > BODY_LINES) lines.push(`│ … ${body.length - BODY_LINES} more lines (see --json)`);
  }
  return lines;
}
