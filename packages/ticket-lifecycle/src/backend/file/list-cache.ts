import type { Stats } from "node:fs";
import fs from "node:fs";
import path from "node:path";
import type { Ticket } from "../../domain/ticket.js";
import type { TicketState } from "../../domain/ticket-state.js";
import { replaceCacheFile } from "./durable-write.js";

/**
 * The list cache, `.cache/list`: one line per ticket with its current fields as JSON and the
 * identity of its events directory (inode, mtime, ctime) when that JSON was verified. Listing
 * 10,000 tickets then costs one file read and one `stat` per ticket instead of opening 10,000
 * snapshots — which alone took about 130 ms on the 2-core reference machine. A backend keeps
 * what it read in memory and reads the file again only when another process replaced it.
 *
 * Every commit, temp file, git checkout or hand-made file in `events/` changes the directory's
 * mtime, so an entry whose directory still matches is current. Timestamps are coarse, so an
 * entry is only trusted once its verification happened `RACY_MS` after the last change (git's
 * "racily clean" rule): a later change in the same clock tick cannot go unseen. (A change always
 * moves mtime and ctime together, so the rule needs mtime only; ctime must still match.)
 */

const HEADER = "podkit-ticket-list-cache 1";
const MIN_CHANGES_TO_SAVE = 16;
const MAX_SAVE_DELAY_MS = 10_000;
/** Longer than the timestamp granularity of any filesystem the backend runs on (1 s on HFS+). */
export const RACY_MS = 2_000;

export interface ListCacheEntry {
  readonly id: string;
  readonly state: TicketState;
  readonly ino: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  /** `Date.now()` taken before the directory was stat'ed and read. */
  readonly verifiedAt: number;
  /** The ticket as JSON, parsed only when it is returned. */
  readonly json: string;
}

/** Whether an entry still describes the events directory with these stats. */
export function isCurrent(entry: ListCacheEntry, stats: Stats): boolean {
  return (
    entry.ino === stats.ino &&
    entry.mtimeMs === stats.mtimeMs &&
    entry.ctimeMs === stats.ctimeMs &&
    entry.verifiedAt - stats.mtimeMs > RACY_MS
  );
}

/**
 * The list cache file of one root, with the entries last read or written kept in memory. On a
 * store this process may not write, the entries are kept in memory only.
 */
export class ListCacheFile {
  readonly #file: string;
  readonly #writable: boolean;
  #identity: string | undefined;
  #entries: ReadonlyMap<string, ListCacheEntry> = new Map();
  readonly #tickets = new WeakMap<ListCacheEntry, Ticket>();
  /** Changes kept in memory since the file was last written. */
  #pending = 0;
  #savedAt = 0;

  constructor(file: string, writable = true) {
    this.#file = file;
    this.#writable = writable;
  }

  /**
   * The entries in list order; from memory while the file is the one this instance last saw, or
   * is missing (being replaced, or deleted: entries validate themselves against the directories).
   */
  load(): ReadonlyMap<string, ListCacheEntry> {
    const identity = this.#currentIdentity();
    if (identity !== undefined && identity !== this.#identity) {
      this.#entries = readListCache(this.#file);
      this.#identity = identity;
    }
    return this.#entries;
  }

  /**
   * Takes the entries of a list (in list order) that made `changes` to the cache. They are kept
   * in memory at once; the file is rewritten when the changes add up or have waited long
   * enough, so a process listing every few seconds while agents write does not rewrite
   * megabytes each time. A process that reads the older file re-verifies those few entries.
   */
  update(entries: readonly ListCacheEntry[], changes: number): void {
    if (changes === 0) return;
    this.#entries = new Map(entries.map((entry) => [entry.id, entry]));
    this.#pending += changes;
    if (
      !this.#writable ||
      (this.#pending < Math.max(MIN_CHANGES_TO_SAVE, entries.length / 100) &&
        Date.now() - this.#savedAt < MAX_SAVE_DELAY_MS)
    ) {
      return;
    }
    this.#pending = 0;
    this.#savedAt = Date.now();
    try {
      fs.mkdirSync(path.dirname(this.#file), { recursive: true });
      writeListCache(this.#file, entries);
      this.#identity = this.#currentIdentity();
    } catch {
      // Not fatal: every entry still validates itself; the next save tries again.
    }
  }

  /**
   * The ticket of an entry, parsed once per entry and deep-frozen, so repeated lists in one
   * process share immutable objects instead of parsing and allocating 10,000 tickets each time.
   */
  ticketOf(entry: ListCacheEntry): Ticket {
    let ticket = this.#tickets.get(entry);
    if (ticket === undefined) {
      ticket = deepFreeze(JSON.parse(entry.json) as Ticket);
      this.#tickets.set(entry, ticket);
    }
    return ticket;
  }

  #currentIdentity(): string | undefined {
    const stats = fs.statSync(this.#file, { throwIfNoEntry: false });
    return stats === undefined ? undefined : `${stats.ino}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.size}`;
  }
}

/** Reads the cache in file order; any trouble reading it yields an empty cache (it is rebuilt). */
export function readListCache(file: string): Map<string, ListCacheEntry> {
  const entries = new Map<string, ListCacheEntry>();
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return entries;
  }
  const lines = text.split("\n");
  if (lines[0] !== HEADER) return entries;
  for (let index = 1; index < lines.length; index += 1) {
    const entry = parseLine(lines[index] as string);
    if (entry !== undefined) entries.set(entry.id, entry);
  }
  return entries;
}

/** Writes the cache atomically; entries are written in the order given (the list order). */
export function writeListCache(file: string, entries: Iterable<ListCacheEntry>): void {
  const lines = [HEADER];
  for (const entry of entries) {
    lines.push(
      [entry.id, entry.state, entry.ino, entry.mtimeMs, entry.ctimeMs, entry.verifiedAt, entry.json].join(
        "\t",
      ),
    );
  }
  replaceCacheFile(file, `${lines.join("\n")}\n`);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function parseLine(line: string): ListCacheEntry | undefined {
  const fields: string[] = [];
  let start = 0;
  for (let count = 0; count < 6; count += 1) {
    const tab = line.indexOf("\t", start);
    if (tab === -1) return undefined;
    fields.push(line.slice(start, tab));
    start = tab + 1;
  }
  const [id, state, ino, mtimeMs, ctimeMs, verifiedAt] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const numbers = [Number(ino), Number(mtimeMs), Number(ctimeMs), Number(verifiedAt)] as const;
  if (numbers.some((value) => !Number.isFinite(value))) return undefined;
  return {
    id,
    state: state as TicketState,
    ino: numbers[0],
    mtimeMs: numbers[1],
    ctimeMs: numbers[2],
    verifiedAt: numbers[3],
    json: line.slice(start),
  };
}
