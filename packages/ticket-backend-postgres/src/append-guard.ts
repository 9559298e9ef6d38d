import type { NewTicketEvent } from "@podkit/ticket-lifecycle";

/**
 * Which extra condition the compare-and-set `UPDATE` carries besides `seq = expected`:
 * - `acceptance`: `queued → inprogress` only while the row is still `queued`
 * - `expiry`: a sweeper's block or a takeover only once the lease has expired in database time
 * - `holder`: a write under a lease token (report, renew, block, defer, complete) only while that
 *   token is the lease's and the lease has not expired in database time
 * - `fenced`: another write carrying a token (a review) only while no other lease holds the row
 * - `none`: plain writes (comments, edits, gate moves)
 *
 * The seq comparison alone already makes every decision exact; these conditions repeat the
 * domain's guards in the statement, so a write that slipped past its decision (the lease ran out
 * between deciding and writing) finds zero rows, and the service re-decides it as `lease_lost`.
 */
export type AppendGuard = "acceptance" | "expiry" | "holder" | "fenced" | "none";

/** A guard and the lease token it compares against (none for acceptances, which establish one). */
export interface AppendCondition {
  readonly guard: AppendGuard;
  readonly token: number | null;
}

/** The guard for one event, from its kind, states and token. */
export function appendCondition(event: NewTicketEvent): AppendCondition {
  if (event.kind === "acceptance")
    return { guard: event.from === "queued" ? "acceptance" : "expiry", token: null };
  if (event.token === undefined) return { guard: "none", token: null };
  // The sweeper's record of a lapsed lease: inprogress → blocked under the expired token.
  if (event.kind === "failure" && event.from === "inprogress" && event.to === "blocked")
    return { guard: "expiry", token: event.token };
  return { guard: event.kind === "review" ? "fenced" : "holder", token: event.token };
}

/** Whether the guard's SQL compares the lease token (and so takes it as a parameter). */
export function guardUsesToken(guard: AppendGuard): boolean {
  return guard !== "acceptance" && guard !== "none";
}

/**
 * The SQL of a guard, appended to `WHERE id = $1 AND seq = $2`. `token` is the placeholder of the
 * event's token. A row without a lease (`lease_token IS NULL`) has nothing to fence against, so a
 * token-carrying write to it is left to the domain, which refuses writes needing a live lease.
 */
export function appendGuardSql(guard: AppendGuard, token: string): string {
  switch (guard) {
    case "acceptance":
      return "AND state = 'queued'";
    case "expiry":
      return `AND state = 'inprogress' AND lease_expires_at <= clock_timestamp() AND (${token}::integer IS NULL OR lease_token = ${token}::integer)`;
    case "holder":
      return `AND (lease_token IS NULL OR (lease_token = ${token}::integer AND lease_expires_at > clock_timestamp()))`;
    case "fenced":
      return `AND (lease_token IS NULL OR lease_token = ${token}::integer)`;
    case "none":
      return "";
  }
}
