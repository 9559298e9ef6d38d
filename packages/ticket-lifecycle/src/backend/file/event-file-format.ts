import type { TicketEvent } from "../../domain/ticket-event.js";
import { describeIssues, storedEventSchema } from "./file-schemas.js";
import { FileFormatError, formatFrontMatter, parseFrontMatter } from "./front-matter.js";

/**
 * One event file, `events/000002.md`:
 *
 * ```
 * ---
 * seq: 2
 * kind: "state_changed"
 * actor: {"role":"human","agentId":"alice"}
 * at: "2026-03-01T09:30:00.000Z"
 * from: "ready"
 * to: "queued"
 * ---
 * the body, verbatim
 * ```
 *
 * An absent body leaves nothing after the closing `---`; an empty one is written as `body: ""`
 * in the front matter, so the two stay distinct (an `edit` with an empty body clears it).
 */
export function formatEventFile(event: TicketEvent): string {
  const fields: Array<readonly [string, unknown]> = [
    ["seq", event.seq],
    ["kind", event.kind],
    ["actor", { role: event.actor.role, agentId: event.actor.agentId }],
    ["at", event.at],
    ["from", event.from],
    ["to", event.to],
    ["reason", event.reason],
    ["token", event.token],
    ["data", event.data],
  ];
  if (event.body === "") fields.push(["body", ""]);
  return formatFrontMatter(fields, event.body ?? "");
}

/** Checks that an event can be stored and read back; throws `FileFormatError` saying what is wrong. */
export function validateEvent(event: TicketEvent): void {
  const { body: _body, ...stored } = event;
  const result = storedEventSchema.safeParse(stored);
  if (!result.success) throw new FileFormatError(describeIssues(result.error));
}

/** Parses an event file; throws `FileFormatError` naming the line or field at fault. */
export function parseEventFile(text: string): TicketEvent {
  const document = parseFrontMatter(text);
  const result = storedEventSchema.safeParse(Object.fromEntries(document.fields));
  if (!result.success) throw new FileFormatError(describeIssues(result.error));
  const stored = result.data;
  if (stored.body !== undefined && document.body !== "") {
    throw new FileFormatError("the body is given twice: as 'body' in the front matter and after it");
  }
  const body = stored.body ?? (document.body === "" ? undefined : document.body);
  // Zod leaves absent optional keys absent, so the parsed object already has the event's shape.
  return (body === undefined ? stored : { ...stored, body }) as TicketEvent;
}
