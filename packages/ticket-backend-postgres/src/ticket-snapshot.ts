import { TICKET_STATES } from "@podkit/ticket-lifecycle";

const STATES = new Set<string>(TICKET_STATES);

/**
 * Why a stored snapshot cannot be listed as a ticket, or undefined when it can: the row must
 * hold an object for the same id with a known state and a numeric seq.
 */
export function checkSnapshot(ticketId: string, snapshot: unknown): string | undefined {
  if (snapshot === null || typeof snapshot !== "object" || Array.isArray(snapshot))
    return "the snapshot is not an object";
  const { id, state, seq } = snapshot as Record<string, unknown>;
  if (id !== ticketId) return `the snapshot names ticket '${String(id)}'`;
  if (typeof state !== "string" || !STATES.has(state))
    return `the snapshot has an unknown state '${String(state)}'`;
  if (typeof seq !== "number" || !Number.isInteger(seq) || seq < 1) return "the snapshot has no valid seq";
  return undefined;
}
