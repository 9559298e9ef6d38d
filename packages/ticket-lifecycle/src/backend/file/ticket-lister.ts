import fs from "node:fs";
import path from "node:path";
import { reduceTicket } from "../../domain/reduce-ticket.js";
import type { Ticket } from "../../domain/ticket.js";
import { TICKET_ID_PATTERN } from "../../domain/ticket-state.js";
import { compareTicketIds } from "../next-ticket-id.js";
import type { ListQuery, ListResult, TicketProblem } from "../ticket-backend.js";
import { rewriteCheckedCacheFile } from "./checked-cache-rewrite.js";
import { storageError } from "./durable-write.js";
import { isCurrent, type ListCacheEntry, type ListCacheFile, RACY_MS } from "./list-cache.js";
import { formatSnapshotFile, parseSnapshotFile } from "./snapshot-file.js";
import { CorruptTicketError, listTicketEvents, readEvents } from "./ticket-history.js";
import { EVENTS_DIR, type TicketPaths } from "./ticket-paths.js";

/** How a read may touch the store: a read-only store is read without rewriting any cache. */
export interface ReadOptions {
  /** Whether derived files (snapshots, the list cache) may be rewritten. */
  readonly writable: boolean;
}

/**
 * Lists current tickets. Each ticket comes from the list cache when its events directory is
 * unchanged, else from its `ticket.md` snapshot when that matches the last event, else from its
 * events (and the snapshot is rewritten, when `writable`). A damaged ticket is left out and
 * reported; it never stops the listing of the others.
 */
export function listTickets(
  paths: TicketPaths,
  listCache: ListCacheFile,
  query: ListQuery = {},
  options: ReadOptions = { writable: true },
): ListResult {
  const verifiedAt = Date.now();
  const ids = ticketDirectoryNames(paths);
  const cache = listCache.load();
  const entries: ListCacheEntry[] = [];
  const problems: TicketProblem[] = [];
  let changes = Math.abs(cache.size - ids.size);
  // Ids come from the root's listing and match TICKET_ID_PATTERN: plain names, safe to concatenate.
  const prefix = paths.root + path.sep;
  const suffix = path.sep + EVENTS_DIR;
  for (const id of listOrder(cache, ids)) {
    const events = prefix + id + suffix;
    const stats = fs.statSync(events, { throwIfNoEntry: false });
    const cached = cache.get(id);
    if (cached !== undefined && stats !== undefined && isCurrent(cached, stats)) {
      entries.push(cached);
      continue;
    }
    try {
      const ticket = loadTicket(paths, id, options);
      const json = JSON.stringify(ticket);
      const entry: ListCacheEntry = stats
        ? {
            id,
            state: ticket.state,
            ino: stats.ino,
            mtimeMs: stats.mtimeMs,
            ctimeMs: stats.ctimeMs,
            verifiedAt,
            json,
          }
        : { id, state: ticket.state, ino: -1, mtimeMs: 0, ctimeMs: 0, verifiedAt: 0, json };
      entries.push(entry);
      // A racy entry verified again and still racy needs no write; anything else does.
      if (cached === undefined || !sameContent(cached, entry) || !isRacy(entry)) changes += 1;
    } catch (error) {
      problems.push(toProblem(id, paths.ticketDir(id), error));
      changes += 1;
    }
  }
  listCache.update(entries, changes);
  const tickets: Ticket[] = [];
  for (const entry of entries) {
    if (query.states === undefined || query.states.includes(entry.state))
      tickets.push(listCache.ticketOf(entry));
  }
  return { tickets, problems };
}

/**
 * A ticket's current state without its history: the snapshot when it is intact and at the last
 * event, else reduced from the events (rewriting the snapshot when `writable`). Throws `corrupt`
 * on damage.
 */
export function loadTicket(
  paths: TicketPaths,
  ticketId: string,
  options: ReadOptions = { writable: true },
): Ticket {
  const listing = listTicketEvents(paths, ticketId);
  if (listing === undefined)
    throw new CorruptTicketError(ticketId, paths.ticketDir(ticketId), "the ticket directory vanished");
  const snapshotFile = paths.snapshotFile(ticketId);
  const last = listing.seqs.length;
  if (last > 0 && listing.seqs[last - 1] === last) {
    const snapshot = readSnapshotQuietly(snapshotFile);
    if (snapshot !== undefined && snapshot.id === ticketId && snapshot.seq === last) return snapshot;
  }
  const ticket = reduceTicket(ticketId, readEvents(paths, ticketId, listing));
  if (options.writable) writeSnapshotQuietly(snapshotFile, ticket);
  return ticket;
}

/**
 * Writes `ticket.md` (in place when it exists: its digest and seq make any torn or stale text
 * detectable); a failure is harmless (the snapshot is a cache) and is not reported.
 */
export function writeSnapshotQuietly(file: string, ticket: Ticket): void {
  try {
    rewriteCheckedCacheFile(file, formatSnapshotFile(ticket));
  } catch {
    // A read-only checkout or a full disk: the next reader rebuilds from events again.
  }
}

function readSnapshotQuietly(file: string): Ticket | undefined {
  try {
    return parseSnapshotFile(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** Names of entries under the root that can be tickets (the doctor reports the others). */
function ticketDirectoryNames(paths: TicketPaths): Set<string> {
  try {
    const entries = fs.readdirSync(paths.root, { withFileTypes: true });
    return new Set(
      entries
        .filter((entry) => entry.isDirectory() && TICKET_ID_PATTERN.test(entry.name))
        .map((entry) => entry.name),
    );
  } catch (error) {
    throw storageError("list the ticket root", paths.root, error);
  }
}

/** Ids in list order: the cache's order (already sorted) with new ids merged in by binary search. */
function listOrder(cache: ReadonlyMap<string, ListCacheEntry>, ids: ReadonlySet<string>): string[] {
  const order = [...cache.keys()].filter((id) => ids.has(id));
  const added = [...ids].filter((id) => !cache.has(id)).sort(compareTicketIds);
  if (added.length > order.length) return [...order, ...added].sort(compareTicketIds);
  for (const id of added) {
    let low = 0;
    let high = order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareTicketIds(order[middle] as string, id) < 0) low = middle + 1;
      else high = middle;
    }
    order.splice(low, 0, id);
  }
  return order;
}

function sameContent(left: ListCacheEntry, right: ListCacheEntry): boolean {
  return (
    left.json === right.json &&
    left.ino === right.ino &&
    left.mtimeMs === right.mtimeMs &&
    left.ctimeMs === right.ctimeMs
  );
}

function isRacy(entry: ListCacheEntry): boolean {
  return entry.verifiedAt - entry.mtimeMs <= RACY_MS;
}

/** A problem report for a ticket that could not be read. */
export function toProblem(ticketId: string, location: string, error: unknown): TicketProblem {
  if (CorruptTicketError.isInstance(error))
    return { ticketId, location: error.location, problem: error.problem };
  return { ticketId, location, problem: error instanceof Error ? error.message : String(error) };
}
