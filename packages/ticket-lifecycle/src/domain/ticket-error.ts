import { brandGuard, ToolError } from "@podkit/core";

/** Codes a ticket operation can be refused with. */
export type TicketErrorCode =
  | "not_found"
  | "conflict"
  | "precondition_failed"
  | "lease_lost"
  | "invalid_input"
  | "storage_unavailable"
  | "read_only"
  | "corrupt";

/**
 * A refusal or failure of a ticket operation, with a stable code and a message that says the
 * current state and what is allowed. Extends `ToolError`, so tools pass it to the model as is.
 */
export class TicketError extends ToolError<TicketErrorCode> {
  static override readonly isInstance = brandGuard<TicketError>("podkit.ticket-error");
  /** The ticket the refusal is about, when there is one. */
  readonly ticketId: string | undefined;

  constructor(code: TicketErrorCode, message: string, options?: { ticketId?: string; cause?: unknown }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TicketError";
    this.ticketId = options?.ticketId;
  }
}
