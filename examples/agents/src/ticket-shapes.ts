/** The parts of `ticket_show`'s output the example agents read. */
export interface ShownTicket {
  readonly ticket: {
    readonly id: string;
    readonly title: string;
    readonly body: string;
    readonly intakeSummary: string | null;
    readonly lease: { readonly token: number } | null;
    readonly reviews: readonly { readonly verdict: string; readonly body: string; readonly token?: number }[];
  };
}

/** The reviews recorded under the current lease, oldest first. */
export function reviewsOfThisAttempt(shown: ShownTicket): ShownTicket["ticket"]["reviews"] {
  const token = shown.ticket.lease?.token;
  return shown.ticket.reviews.filter((review) => review.token === token);
}

/** Marks the reviewer looks for; a ticket whose body asks for it gets one round of requested changes. */
export const STRICT_REVIEW_MARK = "[review: ask for a verification section]";
export const VERIFICATION_HEADING = "## Verification";
