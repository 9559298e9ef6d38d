/**
 * A Pod id names the attempt a Pod was launched for: `<ticketId>-t<token>-<role>-<attempt>`. The
 * orchestrator makes it the Pod's agent id (and so its credential's), and whoever builds a Pod's
 * toolset reads the attempt back from it to bind the toolset with `podBindings`.
 */

/** The `podId` of a launch: unique per (ticket, lease token, role, attempt). */
export function podIdFor(ticketId: string, token: number, role: string, attempt: number): string {
  return `${ticketId}-t${token}-${role}-${attempt}`;
}

/** A Pod id's parts: `<ticketId>-t<token>-<role>-<attempt>`. */
export interface ParsedPodId {
  readonly ticketId: string;
  /** The lease token of the attempt the Pod was launched for. */
  readonly token: number;
  readonly role: string;
  /** Which launch of `role` under that token (1 for the first, higher for retries and rounds). */
  readonly attempt: number;
}

/**
 * Reads a Pod id back into its parts, or undefined when it is not one for `ticketId` and `role`
 * (a credential minted for a Pod names the attempt it may act for through its agent id).
 */
export function parsePodId(podId: string, ticketId: string, role: string): ParsedPodId | undefined {
  const prefix = `${ticketId}-t`;
  if (!podId.startsWith(prefix)) return undefined;
  const match = /^([1-9][0-9]*)-(.+)-([1-9][0-9]*)$/.exec(podId.slice(prefix.length));
  if (match === null || match[2] !== role) return undefined;
  const token = Number(match[1]);
  const attempt = Number(match[3]);
  if (!Number.isSafeInteger(token) || !Number.isSafeInteger(attempt)) return undefined;
  return { ticketId, token, role, attempt };
}
