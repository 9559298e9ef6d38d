import type { PodkitEvents } from "@podkit/core";
import type { TicketChange } from "./backend/ticket-backend.js";

declare module "@podkit/core" {
  interface PodkitEvents {
    /** A ticket event was committed (by this process, or by another one the backend can observe). */
    "ticket-changed": TicketChange;
  }
}

/** The events the ticket feature emits; exporting it carries the declaration above to every importer. */
export type TicketFeatureEvents = Pick<PodkitEvents, "ticket-changed">;
