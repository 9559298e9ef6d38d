import { createToken } from "@podkit/core";
import type { TicketBackend } from "./backend/ticket-backend.js";
import type { TicketPolicy } from "./service/ticket-policy.js";

/** DI token for the ticket store the feature was configured with. */
export const TICKET_BACKEND = createToken<TicketBackend>("ticket-lifecycle.backend");
/** DI token for lease and bound settings. */
export const TICKET_POLICY = createToken<TicketPolicy>("ticket-lifecycle.policy");
