import type { Priority, RelationType, TicketState } from "./ticket-state.js";

/** What kind of change an event records. */
export const EVENT_KINDS = [
  "create",
  "edit",
  "comment",
  "plan",
  "decision",
  "intake_summary",
  "state_changed",
  "acceptance",
  "lease_renewed",
  "progress",
  "intent",
  "failure",
  "review",
  "relation",
  "close",
] as const;
/** The kind of a history event, one of {@link EVENT_KINDS}. */
export type EventKind = (typeof EVENT_KINDS)[number];

/** Who made a change, as recorded in history. */
export interface EventActor {
  readonly role: string;
  readonly agentId: string;
}

/** Structured fields some event kinds carry. */
export interface EventData {
  readonly title?: string;
  readonly priority?: Priority;
  readonly assignee?: string | null;
  readonly relation?: { readonly type: RelationType; readonly target: string; readonly removed?: boolean };
  readonly requestId?: string;
  readonly holder?: string;
  readonly expiresAt?: string;
  readonly verdict?: "approve" | "request_changes";
  /** The Pod that recorded a review, for a review bound to its attempt. */
  readonly podId?: string;
  readonly resolution?: string;
  /** Free-form, small, JSON-safe details (e.g. a worktree path, an exit code). */
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

/** An event as a command produces it, before the store numbers and stamps it. */
export interface NewTicketEvent {
  readonly kind: EventKind;
  readonly from?: TicketState;
  readonly to?: TicketState;
  readonly reason?: string;
  /** The lease token this write was made under (fenced writes), or the one it established. */
  readonly token?: number;
  readonly body?: string;
  readonly data?: EventData;
}

/** A committed, immutable history entry. `seq` is per ticket, from 1, without gaps. */
export interface TicketEvent extends NewTicketEvent {
  readonly seq: number;
  readonly actor: EventActor;
  /** ISO 8601 time of the commit, from the backend's clock. */
  readonly at: string;
}
