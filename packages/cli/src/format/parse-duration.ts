const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Longest expiry a token may get: a year. */
const MAX_MS = 366 * 86_400_000;

/** `90s`, `30m`, `8h`, `7d` as milliseconds; undefined for anything else (or beyond a year). */
export function parseDuration(text: string): number | undefined {
  const match = /^([1-9][0-9]{0,5})([smhd])$/.exec(text.trim());
  if (match === null) return undefined;
  const ms = Number(match[1]) * (UNITS[match[2] as string] as number);
  return ms <= MAX_MS ? ms : undefined;
}
