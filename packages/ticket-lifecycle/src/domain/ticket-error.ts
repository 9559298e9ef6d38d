import { PodkitError, ToolError } from "@podkit/core";

const TICKET_ERROR = "podkit.ticket-error";
const ticketErrorBrand = Symbol.for(TICKET_ERROR);

/** Codes a ticket operation can be refused with. */
export type TicketErrorCode =
  | "not_found"
  | "conflict"
  | "precondition_failed"
  | "lease_lost"
  | "invalid_input"
  | "storage_unavailable"
  | "corrupt";

/**
 * A refusal or failure of a ticket operation, with a stable code and a message that says the
 * current state and what is allowed. Extends `ToolError`, so tools pass it to the model as is.
 */
export class TicketError extends ToolError {
  protected readonly [ticketErrorBrand] = true;
  declare readonly code: TicketErrorCode;
  readonly ticketId: string | undefined;

  constructor(code: TicketErrorCode, message: string, options?: { ticketId?: string; cause?: unknown }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TicketError";
    this.ticketId = options?.ticketId;
  }

  /** Whether `error` is a ticket refusal, from any copy of `@podkit/ticket-lifecycle`. */
  static override isInstance(error: unknown): error is TicketError {
    return PodkitError.hasBrand(error, TICKET_ERROR);
  }
}
