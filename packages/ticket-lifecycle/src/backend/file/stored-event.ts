import { TicketError } from "../../domain/ticket-error.js";
import type { TicketEvent } from "../../domain/ticket-event.js";
import { formatEventFile, validateEvent } from "./event-file-format.js";

/** Far above what the service's text limits allow; a backstop so no caller can write huge files. */
export const MAX_EVENT_FILE_BYTES = 1024 * 1024;

/**
 * The file text of an event about to be stored, after checking that it fits the file format
 * (so it can be read back) and the size bound. Refuses with `invalid_input`, writing nothing.
 */
export function encodeEvent(event: TicketEvent, ticketId: string | undefined): string {
  const subject = ticketId === undefined ? "a new ticket" : `ticket '${ticketId}'`;
  const options = ticketId === undefined ? undefined : { ticketId };
  try {
    validateEvent(event);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TicketError(
      "invalid_input",
      `Event ${event.seq} of ${subject} cannot be stored: ${reason}.`,
      options,
    );
  }
  const text = formatEventFile(event);
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_EVENT_FILE_BYTES) {
    throw new TicketError(
      "invalid_input",
      `Event ${event.seq} of ${subject} would be a ${bytes}-byte file; the file backend stores at most ${MAX_EVENT_FILE_BYTES} bytes per event.`,
      options,
    );
  }
  return text;
}
