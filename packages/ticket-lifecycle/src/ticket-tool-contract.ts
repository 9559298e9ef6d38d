import type { ToolContractOf, ToolInputOf, ToolNameOf, ToolOutputOf } from "@podkit/core";
import type { TicketFeature } from "./ticket-feature.js";

/**
 * The ticket tools' inputs and outputs by tool name, derived from the tool definitions
 * themselves: callers outside this package use it with `import type` (as tRPC clients use
 * `AppRouter`), so a renamed tool or field fails to compile where it is used.
 */
export type TicketToolContract = ToolContractOf<TicketFeature>;

/** The name of a ticket tool, e.g. `ticket_list`. */
export type TicketToolName = ToolNameOf<TicketFeature>;

/** What a ticket tool accepts, as a caller writes it (fields with defaults optional). */
export type TicketToolInput<Name extends TicketToolName> = ToolInputOf<TicketFeature, Name>;

/** What a ticket tool returns. */
export type TicketToolOutput<Name extends TicketToolName> = ToolOutputOf<TicketFeature, Name>;
