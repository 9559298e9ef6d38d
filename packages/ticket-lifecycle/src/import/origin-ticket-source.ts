import type { ImportNote } from "./origin-import-note.js";
import type { OriginItem } from "./origin-item-file.js";
import type { OriginThreadBlock } from "./origin-thread-file.js";
import type { OriginAttachments } from "./read-origin-attachments.js";

/** One origin ticket directory, read and parsed. */
export interface OriginTicketSource {
  readonly ticketId: string;
  /** The directory, relative to the source directory (`closed/T-12` in a bucketed layout). */
  readonly dir?: string;
  /** The bucket the directory sits in, in a bucketed layout. */
  readonly bucket?: string;
  readonly item: OriginItem;
  readonly itemFile: string;
  readonly thread: readonly OriginThreadBlock[];
  readonly threadFile: string;
  /** The text of `resolution.md`, when the directory has one. */
  readonly resolutionFile?: { readonly file: string; readonly text: string };
  /** Other files of the directory, kept as attachments or references. */
  readonly attachments?: OriginAttachments;
  /** What reading the files accepted that a reader should know (embedded documents, …). */
  readonly notes?: readonly ImportNote[];
}
