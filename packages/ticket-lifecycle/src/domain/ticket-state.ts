/** Workflow states; `inprogress` is the durable acceptance marker, not proof a Pod is running. */
export const TICKET_STATES = [
  "planning",
  "ready",
  "queued",
  "inprogress",
  "blocked",
  "done",
  "closed",
] as const;
/** A ticket's workflow state, one of {@link TICKET_STATES}. */
export type TicketState = (typeof TICKET_STATES)[number];

/** States from which a ticket still needs work (everything but done and closed). */
export const OPEN_STATES: readonly TicketState[] = ["planning", "ready", "queued", "inprogress", "blocked"];

/** Relation types between tickets. */
export const RELATION_TYPES = ["depends_on", "blocks", "related", "split_from"] as const;
/** A relation between two tickets, one of {@link RELATION_TYPES}. */
export type RelationType = (typeof RELATION_TYPES)[number];

/** Ticket priorities, lowest first. */
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
/** A ticket priority, one of {@link PRIORITIES}. */
export type Priority = (typeof PRIORITIES)[number];

/** Ticket ids: letters, digits, '_' and '-', starting with a letter or digit; nothing that can name a path. */
export const TICKET_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Upper bounds that keep files and model outputs sane. */
export const LIMITS = {
  titleChars: 200,
  bodyChars: 100_000,
  summaryChars: 8_000,
  reasonChars: 4_000,
  commentChars: 50_000,
  /** Report details, measured as their JSON text. */
  detailsChars: 4_000,
} as const;

/** Bounds on a lease's length, in milliseconds; the length itself comes from policy or the caller. */
export const LEASE_BOUNDS_MS = { min: 1_000, max: 24 * 60 * 60 * 1000 } as const;
