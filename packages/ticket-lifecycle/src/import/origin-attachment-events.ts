import type { NewTicketEvent } from "../domain/ticket-event.js";
import { type ImportNote, importNote } from "./origin-import-note.js";
import type { OriginAttachment, OriginAttachments } from "./read-origin-attachments.js";

/** `details.originKind` of an attachment comment: its text is stored. */
export const ATTACHMENT_KIND = "attachment";
/** `details.originKind` of a reference comment: path, size and hash only. */
export const REFERENCE_KIND = "reference";

/**
 * One `comment` event per file beside `item.md` and `thread.md`, so no file of the origin is
 * dropped. A text file is an attachment: the comment's body is its text. Any other file is a
 * reference: the body says why its content is not stored, and `details` keep its path, size and
 * SHA-256 so it can be found and checked later. Each file also gets a note.
 */
export function attachmentEvents(
  dir: string,
  found: OriginAttachments,
  notes: ImportNote[],
): NewTicketEvent[] {
  const events = found.attachments.map((attachment) => {
    const file = `${dir}/${attachment.path}`;
    const stored = attachment.text !== undefined;
    notes.push(
      stored
        ? importNote(ATTACHMENT_KIND, `${attachment.path} is stored as an attachment comment (its text).`, {
            file,
          })
        : importNote(
            REFERENCE_KIND,
            `${attachment.path} is recorded by path${attachment.bytes === undefined ? "" : ", size"}${attachment.sha256 === undefined ? "" : " and SHA-256"} only: ${attachment.why ?? "not stored"}.`,
            { file },
          ),
    );
    return event(attachment, stored);
  });
  if (found.overflow > 0) {
    const why = `${found.overflow} more file(s) under ${dir} were not listed: the import keeps at most ${found.attachments.length} per ticket`;
    notes.push(importNote(REFERENCE_KIND, `${why}.`, { file: dir }));
    events.push({
      kind: "comment",
      reason: "imported: files beside item.md",
      body: `${why}.`,
      data: { details: { originKind: REFERENCE_KIND, originPath: ".", originUnlisted: found.overflow } },
    });
  }
  return events;
}

function event(attachment: OriginAttachment, stored: boolean): NewTicketEvent {
  const details: Record<string, string | number> = {
    originKind: stored ? ATTACHMENT_KIND : REFERENCE_KIND,
    originPath: attachment.path,
  };
  if (attachment.bytes !== undefined) details.originBytes = attachment.bytes;
  if (attachment.sha256 !== undefined) details.originSha256 = attachment.sha256;
  return {
    kind: "comment",
    reason: "imported: files beside item.md",
    body: stored ? (attachment.text ?? "") : `Not stored: ${attachment.why ?? "unknown"}.`,
    data: { details },
  };
}
