export {
  type CopySkipReason,
  type CopyTicketsOptions,
  type CopyTicketsResult,
  copyTickets,
  type SkippedTicket,
} from "./copy-tickets.js";
export {
  type ExportOriginTicketsOptions,
  type ExportOriginTicketsResult,
  exportOriginTickets,
} from "./export-origin-tickets.js";
export {
  DEFAULT_IMPORT_ACTOR,
  type ImportedOriginTicket,
  type ImportOriginTicketsOptions,
  type ImportOriginTicketsResult,
  importOriginTickets,
} from "./import-origin-tickets.js";
export { IMPORTED_IN_PROGRESS_REASON, ORIGIN_ACTOR_ROLE } from "./origin-ticket-mapping.js";
export type { SkippedOriginTicket } from "./read-origin-ticket-dir.js";
