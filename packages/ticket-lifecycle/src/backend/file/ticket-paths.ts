import { randomBytes } from "node:crypto";
import path from "node:path";
import { TicketError } from "../../domain/ticket-error.js";
import { TICKET_ID_PATTERN } from "../../domain/ticket-state.js";

/** Inside a ticket directory: the immutable event files. */
export const EVENTS_DIR = "events";
/** Inside a ticket directory: the derived snapshot. */
export const SNAPSHOT_FILE = "ticket.md";
/** Under the root: ticket directories being built before they are renamed into place. */
export const STAGING_DIR = ".tmp";
/** Under the root: caches local to this machine (inode numbers, times), never committed. */
export const CACHE_DIR = ".cache";
/** Under the root: store locks, one directory per lock (machine-local, never committed). */
export const LOCKS_DIR = ".locks";
/** Under the root: keeps staging, caches and temp files out of git. */
export const GITIGNORE_FILE = ".gitignore";
export const GITIGNORE_CONTENT =
  "# Written by podkit: machine-local files.\n.tmp/\n.cache/\n.locks/\n*.tmp\n";
/** A temp file or staging directory older than this is a crash leftover, not a write in flight. */
export const TEMP_MAX_AGE_MS = 60_000;

const EVENT_FILE_PATTERN = /^(\d{6,})\.md$/;
const TEMP_NAME_PATTERN = /^\..+\.tmp$/;

/** `events/000042.md`: the name depends only on the sequence number, so two writers collide on it. */
export function eventFileName(seq: number): string {
  return `${String(seq).padStart(6, "0")}.md`;
}

/** The sequence number an event file name stands for, or undefined when it is not one. */
export function parseEventFileName(name: string): number | undefined {
  const match = EVENT_FILE_PATTERN.exec(name);
  if (match?.[1] === undefined) return undefined;
  const seq = Number(match[1]);
  return seq > 0 && eventFileName(seq) === name ? seq : undefined;
}

/** Whether a name is one of ours for a file being written (`.label.pid.random.tmp`). */
export function isTempName(name: string): boolean {
  return TEMP_NAME_PATTERN.test(name);
}

// Random once per process (a pid can be reused after a crash), then a counter: cheaper than
// drawing random bytes for every write.
const PROCESS_TAG = `${process.pid}-${randomBytes(4).toString("hex")}`;
let tempCounter = 0;

/** A fresh temp name, unique across processes and calls: `.label.<pid>-<random>-<n>.tmp`. */
export function tempName(label: string): string {
  tempCounter += 1;
  return `.${label}.${PROCESS_TAG}-${tempCounter}.tmp`;
}

/** Paths under one ticket root. Every ticket path goes through `ticketDir`, which refuses escapes. */
export class TicketPaths {
  readonly root: string;
  readonly staging: string;
  readonly cache: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.staging = path.join(this.root, STAGING_DIR);
    this.cache = path.join(this.root, CACHE_DIR);
  }

  /** The directory of a ticket; refuses ids that are not plain ticket ids or that would leave the root. */
  ticketDir(ticketId: string): string {
    if (!TICKET_ID_PATTERN.test(ticketId)) {
      throw new TicketError(
        "invalid_input",
        `'${ticketId.slice(0, 80)}' is not a valid ticket id. Ids are 1-128 letters, digits, '_' or '-', starting with a letter or digit (e.g. 'T-12').`,
      );
    }
    const directory = path.resolve(this.root, ticketId);
    if (path.dirname(directory) !== this.root) {
      throw new TicketError(
        "invalid_input",
        `Ticket id '${ticketId}' does not name a directory directly under '${this.root}'.`,
      );
    }
    return directory;
  }

  eventsDir(ticketId: string): string {
    return path.join(this.ticketDir(ticketId), EVENTS_DIR);
  }

  eventFile(ticketId: string, seq: number): string {
    return path.join(this.ticketDir(ticketId), EVENTS_DIR, eventFileName(seq));
  }

  snapshotFile(ticketId: string): string {
    return path.join(this.ticketDir(ticketId), SNAPSHOT_FILE);
  }
}
