import fs from "node:fs";
import path from "node:path";
import { reduceTicket } from "../../domain/reduce-ticket.js";
import type { TicketEvent } from "../../domain/ticket-event.js";
import { TICKET_ID_PATTERN } from "../../domain/ticket-state.js";
import { compareTicketIds, highestTicketNumber, idAllocationProblems } from "../next-ticket-id.js";
import type { DoctorReport, TicketProblem } from "../ticket-backend.js";
import { replaceCacheFile } from "./durable-write.js";
import { formatSnapshotFile } from "./snapshot-file.js";
import { sweepDirectory, sweepStaleTemps } from "./temp-sweeper.js";
import { CorruptTicketError, classifyEventNames, readEventFile } from "./ticket-history.js";
import {
  CACHE_DIR,
  EVENTS_DIR,
  eventFileName,
  GITIGNORE_FILE,
  isTempName,
  LOCKS_DIR,
  SNAPSHOT_FILE,
  STAGING_DIR,
  type TicketPaths,
} from "./ticket-paths.js";

const OWN_ENTRIES = new Set([STAGING_DIR, CACHE_DIR, GITIGNORE_FILE, LOCKS_DIR]);

/**
 * Checks every ticket directory: event files parse, are numbered 1, 2, 3… without gaps, start
 * with `create` and reduce; no stray files or directories. Repairs what is derived or left over
 * instead of reporting it: stale or damaged snapshots are rewritten, temp files and staging
 * directories of crashed writers older than a minute are removed. Each problem names its file.
 * On a store this process may not write (`writable: false`) nothing is repaired or removed, and
 * a stale snapshot is no problem: readers rebuild it from the events.
 */
export function diagnoseTickets(
  paths: TicketPaths,
  options: { readonly writable: boolean } = { writable: true },
): DoctorReport {
  if (options.writable) sweepDirectory(paths.staging, { everything: true });
  const problems: TicketProblem[] = [];
  let checkedTickets = 0;
  const entries = fs.readdirSync(paths.root, { withFileTypes: true });
  for (const entry of entries.sort((left, right) => compareTicketIds(left.name, right.name))) {
    const location = path.join(paths.root, entry.name);
    if (OWN_ENTRIES.has(entry.name)) continue;
    if (!entry.isDirectory() || !TICKET_ID_PATTERN.test(entry.name)) {
      problems.push({
        ticketId: entry.name,
        location,
        problem: entry.isSymbolicLink()
          ? "a symbolic link in the ticket root; ticket directories must be real directories"
          : `not a ticket directory (expected directories named by ticket id, like 'T-12')`,
      });
      continue;
    }
    checkedTickets += 1;
    try {
      problems.push(...diagnoseTicket(paths, entry.name, options.writable));
    } catch (error) {
      problems.push({
        ticketId: entry.name,
        location,
        problem: `could not be checked: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  const highest = highestTicketNumber(entries.map((entry) => entry.name));
  problems.push(...idAllocationProblems({ highest, location: paths.root }));
  return { ok: problems.length === 0, checkedTickets, problems };
}

function diagnoseTicket(paths: TicketPaths, ticketId: string, writable: boolean): TicketProblem[] {
  const problems: TicketProblem[] = [];
  const report = (location: string, problem: string) => problems.push({ ticketId, location, problem });
  const directory = paths.ticketDir(ticketId);
  const names = fs.readdirSync(directory);
  if (writable) sweepStaleTemps(directory, names);
  for (const name of names) {
    if (name !== EVENTS_DIR && name !== SNAPSHOT_FILE && !isTempName(name)) {
      report(
        path.join(directory, name),
        `a stray file; a ticket directory holds only '${EVENTS_DIR}/' and '${SNAPSHOT_FILE}'`,
      );
    }
  }
  const eventsDir = path.join(directory, EVENTS_DIR);
  if (!names.includes(EVENTS_DIR)) {
    report(eventsDir, "the events directory is missing, so the ticket has no history");
    return problems;
  }
  const eventNames = fs.readdirSync(eventsDir);
  const listing = classifyEventNames(eventNames);
  if (writable) sweepStaleTemps(eventsDir, listing.temps);
  for (const stray of listing.strays) {
    report(
      path.join(eventsDir, stray),
      "not an event file; event files are named by sequence number, like 000001.md",
    );
  }
  const last = listing.seqs.at(-1) ?? 0;
  if (last === 0)
    report(eventsDir, "no event files; a ticket starts with events/000001.md (its 'create' event)");
  const present = new Set(listing.seqs);
  const events: TicketEvent[] = [];
  for (let seq = 1; seq <= last; seq += 1) {
    if (!present.has(seq)) {
      report(path.join(eventsDir, eventFileName(seq)), `missing: history jumps over seq ${seq}`);
      continue;
    }
    try {
      events.push(readEventFile(paths, ticketId, seq));
    } catch (error) {
      if (!CorruptTicketError.isInstance(error)) throw error;
      report(error.location, error.problem);
    }
  }
  if (problems.length > 0 || events.length === 0) return problems;
  try {
    const expected = formatSnapshotFile(reduceTicket(ticketId, events));
    const snapshotFile = path.join(directory, SNAPSHOT_FILE);
    if (writable && readTextQuietly(snapshotFile) !== expected)
      rewriteSnapshot(snapshotFile, expected, report);
  } catch (error) {
    report(path.join(eventsDir, eventFileName(1)), error instanceof Error ? error.message : String(error));
  }
  return problems;
}

function rewriteSnapshot(
  file: string,
  text: string,
  report: (location: string, problem: string) => void,
): void {
  try {
    replaceCacheFile(file, text);
  } catch (error) {
    report(
      file,
      `stale or damaged, and it could not be rewritten: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function readTextQuietly(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
