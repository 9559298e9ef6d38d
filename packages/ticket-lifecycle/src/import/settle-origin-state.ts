import type { Ticket } from "../domain/ticket.js";
import type { NewTicketEvent } from "../domain/ticket-event.js";
import { OriginFormatError } from "./origin-format-error.js";
import { type ImportNote, importNote } from "./origin-import-note.js";
import type { OriginTicketSource } from "./origin-ticket-source.js";

/** Why an origin ticket that was `inprogress` arrives `blocked`. */
export const IMPORTED_IN_PROGRESS_REASON =
  "imported while in progress; the previous holder's lease does not carry over — re-queue to resume";

/** The import events that end the history in the recorded state and resolution. */
export function settleOriginState(
  source: OriginTicketSource,
  current: Ticket,
  notes: ImportNote[],
): NewTicketEvent[] {
  const recorded = source.item.state;
  const resolution = source.item.resolution ?? source.resolutionFile?.text;
  const because = `imported: front matter records state ${recorded}`;
  if (recorded !== "closed") {
    if (resolution !== undefined) {
      const file = source.item.resolution === undefined ? source.resolutionFile?.file : source.itemFile;
      throw new OriginFormatError({
        file: file ?? source.itemFile,
        message: `A resolution is recorded but the state is '${recorded}'; podkit keeps resolutions on closed tickets only.`,
      });
    }
    const events: NewTicketEvent[] = [];
    if (current.state !== recorded)
      events.push({ kind: "state_changed", from: current.state, to: recorded, reason: because });
    if (recorded === "inprogress") {
      events.push({
        kind: "state_changed",
        from: "inprogress",
        to: "blocked",
        reason: IMPORTED_IN_PROGRESS_REASON,
      });
      notes.push(
        importNote(
          "in-progress-blocked",
          `was inprogress; imported as blocked: ${IMPORTED_IN_PROGRESS_REASON}`,
        ),
      );
    }
    return events;
  }
  if (current.state !== "closed") {
    return resolution === undefined
      ? [{ kind: "state_changed", from: current.state, to: "closed", reason: because }]
      : [{ kind: "close", from: current.state, to: "closed", reason: because, data: { resolution } }];
  }
  if (resolution !== undefined && current.resolution !== resolution) {
    const reason = "imported: the recorded resolution differs from the thread's close event";
    return [{ kind: "close", from: "closed", to: "closed", reason, data: { resolution } }];
  }
  return [];
}
