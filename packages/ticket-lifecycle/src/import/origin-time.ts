const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads an origin timestamp (ISO 8601 with a zone, e.g. `2026-06-20T04:16:14Z`) as the same
 * instant in podkit's form (`toISOString`), or undefined when it is not a real, zoned time.
 */
export function parseOriginTime(text: string): string | undefined {
  const match = ISO_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  if (month === undefined || day === undefined || year === undefined) return undefined;
  // Date.parse rolls 2026-02-30 over to March; a calendar check keeps such typos out.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59) return undefined;
  const time = Date.parse(text.trim().replace(" ", "T"));
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
