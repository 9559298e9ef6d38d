import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { TicketEvent } from "@podkit/ticket-lifecycle";

/**
 * Stands for the commit time in what `append` sends: the statement replaces it with database time
 * in the event, the snapshot and the lease alike. Random per process, so no ticket text contains it.
 */
export const AT_PLACEHOLDER = `podkit-commit-time-${randomUUID()}`;

/** `value` with the commit-time placeholder replaced by `at`, wherever the domain copied it. */
export function withTime<T>(value: T, at: string): T {
  return JSON.parse(JSON.stringify(value).replaceAll(AT_PLACEHOLDER, at)) as T;
}

/** Whether two histories are the same as JSON (absent and undefined fields agree). */
export function sameHistory(left: readonly unknown[], right: readonly unknown[]): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(left)), JSON.parse(JSON.stringify(right)));
}

/** Whether a stored event is the one we wrote (both as JSON). */
export function sameEvent(stored: unknown, ours: TicketEvent): boolean {
  return isDeepStrictEqual(stored, JSON.parse(JSON.stringify(ours)));
}
