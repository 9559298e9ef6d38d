import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { TICKET_ID_PATTERN } from "../domain/ticket-state.js";
import { OriginFormatError } from "./origin-format-error.js";
import { parseOriginItem } from "./origin-item-file.js";
import { parseOriginThread } from "./origin-thread-file.js";
import type { OriginTicketSource } from "./origin-ticket-source.js";

/** Why one origin ticket directory was not imported. Paths are relative to the source directory. */
export interface SkippedOriginTicket {
  readonly dir: string;
  /** The ticket id, once `item.md` could be read. */
  readonly ticketId?: string;
  readonly file: string;
  readonly line?: number;
  readonly problem: string;
}

export type OriginDirReading =
  | { readonly ok: true; readonly source: OriginTicketSource }
  | { readonly ok: false; readonly skipped: SkippedOriginTicket };

/**
 * Reads `item.md`, `thread.md` (optional) and `resolution.md` (optional) of one origin ticket
 * directory. The id is the front matter `id`, else the directory name, and must already be a
 * valid podkit id: it is reported, never rewritten.
 */
export async function readOriginTicketDir(sourceDir: string, dir: string): Promise<OriginDirReading> {
  let ticketId: string | undefined;
  try {
    const itemFile = `${dir}/item.md`;
    const itemText = await readText(sourceDir, itemFile);
    if (itemText === undefined)
      throw new OriginFormatError({ file: itemFile, message: "The directory has no item.md." });
    const item = parseOriginItem(itemText, itemFile);
    ticketId = item.id ?? dir;
    if (!TICKET_ID_PATTERN.test(ticketId)) {
      throw new OriginFormatError({
        file: itemFile,
        message: `Ticket id '${ticketId}' is not a valid podkit id (${TICKET_ID_PATTERN.source}); rename it in the origin first, the import does not rewrite ids.`,
      });
    }
    const threadFile = `${dir}/thread.md`;
    const threadText = await readText(sourceDir, threadFile);
    const thread = threadText === undefined ? [] : parseOriginThread(threadText, threadFile);
    const resolutionPath = `${dir}/resolution.md`;
    const resolution = (await readText(sourceDir, resolutionPath))?.trim();
    const source: OriginTicketSource = {
      ticketId,
      item,
      itemFile,
      thread,
      threadFile,
      ...(resolution ? { resolutionFile: { file: resolutionPath, text: resolution } } : {}),
    };
    return { ok: true, source };
  } catch (error) {
    if (!(error instanceof OriginFormatError)) throw error;
    const skipped: SkippedOriginTicket = {
      dir,
      ...(ticketId === undefined ? {} : { ticketId }),
      file: error.file,
      ...(error.line === undefined ? {} : { line: error.line }),
      problem: error.message,
    };
    return { ok: false, skipped };
  }
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** A file's text with a BOM dropped and CRLF read as LF; undefined when it does not exist. */
async function readText(sourceDir: string, file: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(sourceDir, file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new OriginFormatError({ file, message: `Cannot read the file: ${(error as Error).message}` });
  }
  try {
    return UTF8.decode(bytes).replace(/\r\n/g, "\n");
  } catch {
    throw new OriginFormatError({ file, message: "The file is not valid UTF-8." });
  }
}
