import type { EventData } from "./ticket-event.js";
import type { Priority, RelationType } from "./ticket-state.js";

type Details = NonNullable<EventData["details"]>;

/** One attempt at a ticket: the lease token it runs under and the Pod that runs it. */
export interface ReviewAttempt {
  readonly token: number;
  readonly podId: string;
}

/** Everything that can happen to an existing ticket, as data. `decideTicketCommand` judges it. */
export type TicketCommand =
  | {
      readonly type: "edit";
      readonly title?: string;
      readonly body?: string;
      readonly priority?: Priority;
      readonly assignee?: string | null;
    }
  | { readonly type: "comment"; readonly kind: "comment" | "plan" | "decision"; readonly body: string }
  | {
      readonly type: "relate";
      readonly relation: RelationType;
      readonly target: string;
      readonly remove?: boolean;
    }
  | {
      readonly type: "review";
      readonly verdict: "approve" | "request_changes";
      readonly body: string;
      /** The attempt the reviewer was launched for, from its toolset (never from the model). */
      readonly attempt?: ReviewAttempt;
    }
  | { readonly type: "mark_ready"; readonly summary: string }
  | { readonly type: "queue"; readonly reason?: string }
  | { readonly type: "return_to_planning"; readonly reason: string }
  | { readonly type: "accept"; readonly holder: string; readonly requestId: string; readonly leaseMs: number }
  | { readonly type: "renew_lease"; readonly token: number; readonly leaseMs: number }
  | {
      readonly type: "report";
      readonly token: number;
      readonly kind: "progress" | "intent" | "failure";
      readonly body: string;
      readonly details?: Details;
    }
  | { readonly type: "block"; readonly token: number; readonly reason: string }
  | { readonly type: "defer"; readonly token: number; readonly reason: string }
  | { readonly type: "complete"; readonly token: number; readonly summary?: string }
  | { readonly type: "close"; readonly resolution: string }
  | {
      readonly type: "expire_lease";
      /** Re-accept for `holder` with a lease of `leaseMs` (from policy) instead of blocking. */
      readonly takeover?: { readonly holder: string; readonly leaseMs: number };
    };

/** The `type` of a {@link TicketCommand}, e.g. `accept` or `transition`. */
export type TicketCommandType = TicketCommand["type"];
