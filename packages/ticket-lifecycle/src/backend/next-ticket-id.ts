// One collator for all comparisons: `localeCompare` with options builds a new one per call,
// which made sorting 10,000 ids take over a second.
const ID_COLLATOR = new Intl.Collator("en", { numeric: true });

/** Compares ids so that 'T-2' sorts before 'T-10'. */
export function compareTicketIds(left: string, right: string): number {
  return ID_COLLATOR.compare(left, right);
}

/** The next free id of the form `PREFIX-N` after the highest existing one. */
export function nextTicketId(existing: Iterable<string>, prefix = "T"): string {
  let highest = 0;
  const pattern = new RegExp(`^${prefix}-(\\d+)$`);
  for (const id of existing) {
    const match = pattern.exec(id);
    if (match?.[1] !== undefined) highest = Math.max(highest, Number(match[1]));
  }
  return `${prefix}-${highest + 1}`;
}
