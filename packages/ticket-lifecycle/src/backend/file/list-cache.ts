import type { Stats } from "node:fs";
import fs from "node:fs";
import type { TicketState } from "../../domain/ticket-state.js";
import { replaceFile } from "./durable-write.js";

/**
 * The list cache, `.cache/list`: one line per ticket with its current fields as JSON and the
 * identity of its events directory (inode, mtime, ctime) when that JSON was verified. Listing
 * 10,000 tickets then costs one file read and one `stat` per ticket instead of opening 10,000
 * snapshots — which alone took about 130 ms on the 2-core reference machine.
 *
 * Every commit, temp file, git checkout or hand-made file in `events/` changes the directory's
 * mtime, so an entry whose directory still matches is current. Timestamps are coarse, so an
 * entry is only trusted once its verification happened `RACY_MS` after the last change (git's
 * "racily clean" rule): a later change in the same clock tick cannot go unseen. (A change always
 * moves mtime and ctime together, so the rule needs mtime only; ctime must still match.)
 */

const HEADER = "podkit-ticket-list-cache 1";
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
  replaceFile(file, `${lines.join("\n")}\n`);
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
