/**
 * Moving tickets between stores: import from and export to the origin directory layout, and copy
 * whole histories from one backend to another.
 *
 * @module @podkit/ticket-lifecycle/import
 */
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
export { MAX_BUCKET_DEPTH } from "./find-origin-ticket-dirs.js";
export {
  DEFAULT_IMPORT_ACTOR,
  type ImportedOriginTicket,
  type ImportOriginTicketsOptions,
  type ImportOriginTicketsResult,
  type ImportProgress,
  importOriginTickets,
} from "./import-origin-tickets.js";
export type { OriginSkipReason } from "./origin-format-error.js";
export { IMPORT_NOTE_KINDS, type ImportNote, type ImportNoteKind } from "./origin-import-note.js";
export { IMPORTED_IN_PROGRESS_REASON, ORIGIN_ACTOR_ROLE } from "./origin-ticket-mapping.js";
export { ORIGIN_FILE_LIMITS } from "./read-origin-file.js";
export type { SkippedOriginTicket } from "./skipped-origin-ticket.js";
