import type { OriginItem } from "./origin-item-file.js";
import type { OriginThreadBlock } from "./origin-thread-file.js";

/** One origin ticket directory, read and parsed. */
export interface OriginTicketSource {
  readonly ticketId: string;
  readonly item: OriginItem;
  readonly itemFile: string;
  readonly thread: readonly OriginThreadBlock[];
  readonly threadFile: string;
  /** The text of `resolution.md`, when the directory has one. */
  readonly resolutionFile?: { readonly file: string; readonly text: string };
}
