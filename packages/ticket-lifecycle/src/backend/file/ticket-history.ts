import fs from "node:fs";
import path from "node:path";
import { brandGuard } from "@podkit/core";
import { errorCode } from "@podkit/core/durable-fs";
import { TicketError } from "../../domain/ticket-error.js";
import type { TicketEvent } from "../../domain/ticket-event.js";
import { storageError } from "./durable-write.js";
import { parseEventFile } from "./event-file-format.js";
import {
  EVENTS_DIR,
  eventFileName,
  isTempName,
  parseEventFileName,
  type TicketPaths,
} from "./ticket-paths.js";

/** What an events directory holds, by kind of name. */
export interface EventListing {
  /** Sequence numbers of the event files present, ascending. */
  readonly seqs: readonly number[];
  /** Temp files of writes in flight or of crashes; ignored by readers. */
  readonly temps: readonly string[];
  /** Names that are neither; ignored by readers, reported by the doctor. */
  readonly strays: readonly string[];
}

/** Sorts the names of an events directory into event files, temp files and strays. */
export function classifyEventNames(names: readonly string[]): EventListing {
  const seqs: number[] = [];
  const temps: string[] = [];
  const strays: string[] = [];
  for (const name of names) {
    const seq = parseEventFileName(name);
    if (seq !== undefined) seqs.push(seq);
    else if (isTempName(name)) temps.push(name);
    else strays.push(name);
  }
  seqs.sort((left, right) => left - right);
  return { seqs, temps, strays };
}

/** The first sequence number missing from `1..last`, or undefined when the history is contiguous. */
export function firstMissingSeq(seqs: readonly number[]): number | undefined {
  for (let index = 0; index < seqs.length; index += 1) {
    if (seqs[index] !== index + 1) return index + 1;
  }
  return undefined;
}

/** A `corrupt` ticket error that also carries the file at fault and the problem, for reports. */
export class CorruptTicketError extends TicketError {
  static override readonly isInstance = brandGuard<CorruptTicketError>("podkit.corrupt-ticket-error");
  declare readonly code: "corrupt";
  readonly location: string;
  readonly problem: string;

  constructor(ticketId: string, location: string, problem: string, cause?: unknown) {
    super(
      "corrupt",
      `Ticket '${ticketId}' is damaged: '${location}': ${problem}. Run the ticket doctor for a full report.`,
      {
        ticketId,
        ...(cause === undefined ? {} : { cause }),
      },
    );
    this.name = "CorruptTicketError";
    this.location = location;
    this.problem = problem;
  }
}

/** A `corrupt` error naming the ticket, the file at fault and what is wrong with it. */
export function corruptError(
  ticketId: string,
  location: string,
  problem: string,
  cause?: unknown,
): CorruptTicketError {
  return new CorruptTicketError(ticketId, location, problem, cause);
}

/**
 * Lists a ticket's events directory, or undefined when there is no such ticket. Refuses a ticket
 * directory that is a symbolic link, so nothing is read or written outside the root.
 */
export function listTicketEvents(paths: TicketPaths, ticketId: string): EventListing | undefined {
  const directory = paths.ticketDir(ticketId);
  const stats = fs.lstatSync(directory, { throwIfNoEntry: false });
  if (stats === undefined) return undefined;
  if (!stats.isDirectory()) {
    throw corruptError(
      ticketId,
      directory,
      stats.isSymbolicLink() ? "is a symbolic link, not a directory" : "is not a directory",
    );
  }
  const events = path.join(directory, EVENTS_DIR);
  try {
    return classifyEventNames(fs.readdirSync(events));
  } catch (error) {
    if (errorCode(error) === "ENOENT")
      throw corruptError(ticketId, events, "the events directory is missing");
    throw storageError("list", events, error, ticketId);
  }
}

/**
 * Reads and checks a ticket's events `1..upTo` (all by default): contiguous from 1, each file
 * parsed and numbered as its name says. Throws `corrupt` naming the first bad file.
 */
export function readEvents(
  paths: TicketPaths,
  ticketId: string,
  listing: EventListing,
  upTo?: number,
): TicketEvent[] {
  const missing = firstMissingSeq(listing.seqs);
  const last = upTo ?? listing.seqs.length;
  if (missing !== undefined && missing <= last) {
    const file = path.join(paths.eventsDir(ticketId), eventFileName(missing));
    throw corruptError(
      ticketId,
      file,
      `the file is missing, so history jumps from seq ${missing - 1} to seq ${listing.seqs[missing - 1]}`,
    );
  }
  const events: TicketEvent[] = [];
  for (let seq = 1; seq <= last; seq += 1) events.push(readEventFile(paths, ticketId, seq));
  return events;
}

/** Reads one event file and checks it carries the sequence number its name says. */
export function readEventFile(paths: TicketPaths, ticketId: string, seq: number): TicketEvent {
  const file = paths.eventFile(ticketId, seq);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") throw corruptError(ticketId, file, "the file is missing");
    throw storageError("read", file, error, ticketId);
  }
  let event: TicketEvent;
  try {
    event = parseEventFile(text);
  } catch (error) {
    throw corruptError(ticketId, file, error instanceof Error ? error.message : String(error), error);
  }
  if (event.seq !== seq)
    throw corruptError(ticketId, file, `it says seq ${event.seq} but its name says seq ${seq}`);
  return event;
}
