import type { WriteRequirement, WriteRequirementKind } from "@podkit/ticket-lifecycle";

/**
 * The first placeholder a guard's values take in the append statement (after the fourteen the
 * statement itself binds).
 */
const FIRST_GUARD_PLACEHOLDER = 15;

/**
 * The SQL of a write requirement, appended to `WHERE id = $1 AND seq = $2`, so the requirement is
 * checked in the same statement as the compare-and-set, on database time:
 * - `none`: nothing beyond the seq
 * - `state`: `$15` the state the row must still be in
 * - `live-lease`: `$15` token and `$16` holder of a lease that has not expired
 * - `expired-lease`: `$15` token of a lease that has expired
 *
 * Nothing here is derived from the event: the domain decided what the write requires.
 */
export function appendGuardSql(kind: WriteRequirementKind): string {
  const [first, second] = [FIRST_GUARD_PLACEHOLDER, FIRST_GUARD_PLACEHOLDER + 1].map((index) => `$${index}`);
  switch (kind) {
    case "none":
      return "";
    case "state":
      return `AND state = ${first}::text`;
    case "live-lease":
      return `AND state = 'inprogress' AND lease_token = ${first}::integer AND lease_holder = ${second}::text AND lease_expires_at > clock_timestamp()`;
    case "expired-lease":
      return `AND state = 'inprogress' AND lease_token = ${first}::integer AND lease_expires_at <= clock_timestamp()`;
  }
}

/** The values of a requirement's placeholders, in the order {@link appendGuardSql} numbers them. */
export function appendGuardValues(requirement: WriteRequirement): readonly (string | number)[] {
  switch (requirement.kind) {
    case "none":
      return [];
    case "state":
      return [requirement.state];
    case "live-lease":
      return [requirement.token, requirement.holder];
    case "expired-lease":
      return [requirement.token];
  }
}
