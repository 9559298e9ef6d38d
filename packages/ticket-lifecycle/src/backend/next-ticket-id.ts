/** Compares ids so that 'T-2' sorts before 'T-10'. */
export function compareTicketIds(left: string, right: string): number {
  return left.localeCompare(right, "en", { numeric: true });
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
