import { TICKET_ID_PATTERN } from "../domain/ticket-state.js";
import type { OriginTicketDir } from "./find-origin-ticket-dirs.js";
import { OriginFormatError } from "./origin-format-error.js";
import { type ImportNote, importNote } from "./origin-import-note.js";
import { type OriginItem, parseOriginItem } from "./origin-item-file.js";
import { parseOriginThread } from "./origin-thread-file.js";
import type { OriginTicketSource } from "./origin-ticket-source.js";
import { readOriginAttachments } from "./read-origin-attachments.js";
import { ORIGIN_FILE_LIMITS, readOriginText } from "./read-origin-file.js";
import type { SkippedOriginTicket } from "./skipped-origin-ticket.js";

export type { SkippedOriginTicket } from "./skipped-origin-ticket.js";

export type OriginDirReading =
  | { readonly ok: true; readonly source: OriginTicketSource }
  | { readonly ok: false; readonly skipped: SkippedOriginTicket };

/** A ticket directory's `item.md`, read and checked, with the id it declares. */
export interface OriginItemReading {
  readonly ticketId: string;
  readonly item: OriginItem;
  readonly itemFile: string;
  readonly notes: readonly ImportNote[];
}

/**
 * Reads and checks one directory's `item.md` and its id: the front matter `id`, else the
 * directory name, which must already be a valid podkit id (reported, never rewritten).
 */
export async function readOriginItem(root: string, dir: string): Promise<OriginItemReading> {
  const itemFile = `${dir}/item.md`;
  const itemText = await readOriginText({ root, file: itemFile }, ORIGIN_FILE_LIMITS.itemBytes);
  if (itemText === undefined) {
    throw new OriginFormatError({
      file: itemFile,
      reason: "missing_item",
      message: "The directory has no item.md.",
    });
  }
  const item = parseOriginItem(itemText.text, itemFile);
  const ticketId = item.id ?? dir.split("/").at(-1) ?? dir;
  if (!TICKET_ID_PATTERN.test(ticketId)) {
    throw new OriginFormatError({
      file: itemFile,
      reason: "invalid_id",
      ticketId,
      message: `Ticket id '${ticketId}' is not a valid podkit id (${TICKET_ID_PATTERN.source}); rename it in the origin first, the import does not rewrite ids.`,
    });
  }
  const notes: ImportNote[] = [];
  if (item.legacyState !== undefined) {
    const { key, value, line } = item.legacyState;
    notes.push(
      importNote("legacy-state", `The legacy state '${value}' in '${key}' is read as '${item.state}'.`, {
        file: itemFile,
        line,
      }),
    );
  }
  return { ticketId, item, itemFile, notes };
}

/**
 * Reads `item.md`, `thread.md` (optional), `resolution.md` (optional) and every other file of
 * one origin ticket directory. Each file is checked before it is read (inside the source, a
 * regular file, within `ORIGIN_FILE_LIMITS`). Whatever goes wrong is returned as this ticket's
 * refusal; it never stops the others.
 */
export async function readOriginTicketDir(root: string, entry: OriginTicketDir): Promise<OriginDirReading> {
  const { dir } = entry;
  let ticketId: string | undefined;
  try {
    const { item, itemFile, ...reading } = await readOriginItem(root, dir);
    ticketId = reading.ticketId;
    const notes = [...reading.notes];
    const threadFile = `${dir}/thread.md`;
    const threadText = await readOriginText({ root, file: threadFile }, ORIGIN_FILE_LIMITS.threadBytes);
    const thread = threadText === undefined ? undefined : parseOriginThread(threadText.text, threadFile);
    notes.push(...(thread?.notes ?? []));
    const resolutionPath = `${dir}/resolution.md`;
    const resolution = (
      await readOriginText({ root, file: resolutionPath }, ORIGIN_FILE_LIMITS.resolutionBytes)
    )?.text.trim();
    const attachments = await readOriginAttachments(root, dir);
    const source: OriginTicketSource = {
      ticketId,
      dir,
      ...(entry.bucket === undefined ? {} : { bucket: entry.bucket }),
      item,
      itemFile,
      thread: thread?.blocks ?? [],
      threadFile,
      ...(resolution ? { resolutionFile: { file: resolutionPath, text: resolution } } : {}),
      attachments,
      notes,
    };
    return { ok: true, source };
  } catch (error) {
    return { ok: false, skipped: skippedFor(dir, ticketId, error) };
  }
}

/** The refusal of one directory for any error: a format problem as it is, anything else as unreadable. */
export function skippedFor(dir: string, ticketId: string | undefined, error: unknown): SkippedOriginTicket {
  if (OriginFormatError.isInstance(error)) {
    const declared = error.ticketId ?? ticketId;
    return {
      dir,
      ...(declared === undefined ? {} : { ticketId: declared }),
      file: error.file,
      ...(error.line === undefined ? {} : { line: error.line }),
      reason: error.reason,
      problem: error.message,
    };
  }
  return {
    dir,
    ...(ticketId === undefined ? {} : { ticketId }),
    file: dir,
    reason: "unreadable",
    problem: `Cannot read the ticket directory: ${error instanceof Error ? error.message : String(error)}`,
  };
}
