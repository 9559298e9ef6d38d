import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { compareTicketIds } from "../backend/next-ticket-id.js";
import { LIMITS } from "../domain/ticket-state.js";
import { OriginFormatError } from "./origin-format-error.js";
import {
  checkOriginFile,
  formatBytes,
  hashOriginFile,
  ORIGIN_FILE_LIMITS,
  readOriginText,
} from "./read-origin-file.js";

/** The files of a ticket directory the import reads itself; everything else is an attachment. */
export const ORIGIN_TICKET_FILES: ReadonlySet<string> = new Set(["item.md", "thread.md", "resolution.md"]);

/** How deep the import looks into a ticket directory's subdirectories (`artifacts/run-1/log.txt`). */
const MAX_ATTACHMENT_DEPTH = 4;

/**
 * A file found beside `item.md` and `thread.md`. Text that fits a comment is kept whole
 * (`text`); anything else is kept as a reference: its path, its size and, up to
 * `ORIGIN_FILE_LIMITS.attachmentHashBytes`, its SHA-256, with `why` it was not stored.
 */
export interface OriginAttachment {
  /** Relative to the ticket directory, '/'-separated: `artifacts/review.md`. */
  readonly path: string;
  readonly bytes?: number;
  readonly sha256?: string;
  readonly text?: string;
  /** Why the content is not stored (binary, too large, a FIFO, a link leading outside, …). */
  readonly why?: string;
}

/** The attachments of one ticket directory, and how many more files were left uncounted. */
export interface OriginAttachments {
  readonly attachments: readonly OriginAttachment[];
  /** Files past `ORIGIN_FILE_LIMITS.attachmentsPerTicket`, not listed one by one. */
  readonly overflow: number;
}

/**
 * Lists and reads every other file of a ticket directory (`artifacts/`, notes, images), in path
 * order, with the same checks as `item.md`: a file is never read before its type, size and real
 * location are known. Nothing here refuses the ticket: a file that cannot be read is kept as a
 * reference that says why.
 */
export async function readOriginAttachments(root: string, dir: string): Promise<OriginAttachments> {
  const attachments: OriginAttachment[] = [];
  let overflow = 0;
  const visit = async (relative: string, depth: number): Promise<void> => {
    const entries = await readdir(join(root, dir, relative), { withFileTypes: true }).catch(() => undefined);
    if (entries === undefined) {
      attachments.push({ path: relative, why: "a directory that could not be listed" });
      return;
    }
    entries.sort((left, right) => compareTicketIds(left.name, right.name));
    for (const entry of entries) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (relative === "" && ORIGIN_TICKET_FILES.has(entry.name)) continue;
      if (entry.isDirectory()) {
        if (depth < MAX_ATTACHMENT_DEPTH) await visit(path, depth + 1);
        else attachments.push({ path, why: `a directory nested deeper than ${MAX_ATTACHMENT_DEPTH} levels` });
        continue;
      }
      if (attachments.length >= ORIGIN_FILE_LIMITS.attachmentsPerTicket) {
        overflow += 1;
        continue;
      }
      // A link to a directory is not followed (it could loop); it is kept as a reference.
      attachments.push(await readAttachment(root, dir, path));
    }
  };
  await visit("", 1);
  return { attachments, overflow };
}

async function readAttachment(root: string, dir: string, path: string): Promise<OriginAttachment> {
  const file = `${dir}/${path}`;
  let bytes: number;
  let realPath: string;
  try {
    const checked = await checkOriginFile({ root, file });
    if (checked === undefined) return { path, why: "it disappeared while the import read the directory" };
    bytes = checked.stats.size;
    realPath = checked.realPath;
  } catch (error) {
    if (!OriginFormatError.isInstance(error)) throw error;
    return { path, why: error.message };
  }
  const sha256 =
    bytes <= ORIGIN_FILE_LIMITS.attachmentHashBytes
      ? await hashOriginFile(realPath).catch(() => undefined)
      : undefined;
  const reference = (why: string): OriginAttachment => ({
    path,
    bytes,
    ...(sha256 === undefined ? {} : { sha256 }),
    why,
  });
  if (bytes > ORIGIN_FILE_LIMITS.attachmentTextBytes) {
    return reference(
      `${formatBytes(bytes)}, over the ${formatBytes(ORIGIN_FILE_LIMITS.attachmentTextBytes)} stored as text`,
    );
  }
  let text: string;
  try {
    text = (await readOriginText({ root, file }, ORIGIN_FILE_LIMITS.attachmentTextBytes))?.text ?? "";
  } catch (error) {
    if (!OriginFormatError.isInstance(error)) throw error;
    return reference(error.reason === "not_utf8" ? "not UTF-8 text (a binary file)" : error.message);
  }
  if (text.includes("\u0000")) return reference("not text (it holds NUL bytes)");
  if ([...text].length > LIMITS.commentChars)
    return reference(`longer than the ${LIMITS.commentChars} characters a comment holds`);
  return { path, bytes, ...(sha256 === undefined ? {} : { sha256 }), text };
}
