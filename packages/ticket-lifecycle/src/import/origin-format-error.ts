import { brandGuard, PodkitError } from "@podkit/core";

/** Why an origin ticket was not imported, for reports that group refusals. */
export type OriginSkipReason =
  /** A file cannot be read as an origin ticket (front matter, thread, state, time, …). */
  | "format"
  /** The directory has no `item.md`. */
  | "missing_item"
  /** A file is larger than the import reads (`ORIGIN_FILE_LIMITS`). */
  | "too_large"
  /** A FIFO, device, socket or directory where a file belongs. */
  | "not_a_file"
  /** A symbolic link that leads outside the import directory. */
  | "outside_source"
  /** A file that is not UTF-8 text. */
  | "not_utf8"
  /** The file system refused a read (permissions, I/O). */
  | "unreadable"
  /** An id podkit cannot hold. */
  | "invalid_id"
  /** Two directories declare the same id. */
  | "duplicate_id"
  /** The id is taken in the backend already. */
  | "exists"
  /** The backend refused the history. */
  | "backend_refused"
  /** Anything else that went wrong with this ticket (a bug): reported, the import goes on. */
  | "internal";

/**
 * A defect in an origin ticket: which file, which line (1-based) when known, why (a stable
 * `reason`) and what is wrong. Thrown by the origin readers and turned into a `skipped` entry.
 */
export class OriginFormatError extends PodkitError<"origin_format"> {
  static override readonly isInstance = brandGuard<OriginFormatError>("podkit.origin-format-error");
  readonly file: string;
  readonly line: number | undefined;
  readonly reason: OriginSkipReason;
  /** The id the ticket declares, when it was read before the defect was found. */
  readonly ticketId: string | undefined;

  constructor(options: {
    file: string;
    line?: number;
    message: string;
    reason?: OriginSkipReason;
    ticketId?: string;
  }) {
    super("origin_format", options.message);
    this.file = options.file;
    this.line = options.line;
    this.reason = options.reason ?? "format";
    this.ticketId = options.ticketId;
  }
}
