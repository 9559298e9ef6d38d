import type { OriginSkipReason } from "./origin-format-error.js";

/** Why one origin ticket directory was not imported. Paths are relative to the source directory. */
export interface SkippedOriginTicket {
  readonly dir: string;
  /** The ticket id, once `item.md` could be read. */
  readonly ticketId?: string;
  readonly file: string;
  readonly line?: number;
  /** A stable word for the kind of refusal, for reports that count them. */
  readonly reason: OriginSkipReason;
  readonly problem: string;
}
