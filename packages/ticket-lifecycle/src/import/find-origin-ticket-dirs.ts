import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import { compareTicketIds } from "../backend/next-ticket-id.js";
import { TicketError } from "../domain/ticket-error.js";
import { isInside } from "./read-origin-file.js";
import type { SkippedOriginTicket } from "./skipped-origin-ticket.js";

/** How deep buckets may nest: `closed/2024/T-1` is two buckets deep. */
export const MAX_BUCKET_DEPTH = 3;

/** One ticket directory found in the source, relative to it, and the bucket it sits in. */
export interface OriginTicketDir {
  readonly dir: string;
  /** The bucket path (`closed`, `closed/2024`) in a bucketed layout; absent in a flat one. */
  readonly bucket?: string;
}

/** What the source directory holds. */
export interface OriginLayout {
  /** The real path of the source directory; every file read must lie inside it. */
  readonly root: string;
  readonly tickets: readonly OriginTicketDir[];
  /** Bucket directories, in the order they were read; empty for a flat layout. */
  readonly buckets: readonly string[];
  /** Entries that cannot be tickets (a link leading outside the source), with the reason. */
  readonly refused: readonly SkippedOriginTicket[];
}

const TICKET_FILES = ["item.md", "thread.md"];

/**
 * Finds the ticket directories of an origin store, flat (`<source>/<ticket>/item.md`) or bucketed
 * (`<source>/open/<ticket>/item.md`, `<source>/closed/…`, nested up to `MAX_BUCKET_DEPTH`). A
 * directory holding `item.md` or `thread.md` is a ticket; one without them whose subdirectories
 * hold tickets is a bucket; any other non-empty directory is a ticket that lacks `item.md`.
 * Hidden entries and loose files are ignored; a symbolic link leading outside is refused.
 */
export async function findOriginTicketDirs(sourceDir: string): Promise<OriginLayout> {
  let root: string;
  try {
    root = await realpath(sourceDir);
    if (!(await stat(root)).isDirectory()) throw new Error("not a directory");
  } catch (error) {
    throw new TicketError(
      "not_found",
      `Cannot read the origin ticket directory '${sourceDir}': ${(error as Error).message}`,
      { cause: error },
    );
  }
  const finder = new LayoutFinder(root);
  await finder.walk("", 0);
  return { root, tickets: finder.tickets, buckets: finder.buckets, refused: finder.refused };
}

type DirKind = "ticket" | "bucket" | "empty";

class LayoutFinder {
  readonly tickets: OriginTicketDir[] = [];
  readonly buckets: string[] = [];
  readonly refused: SkippedOriginTicket[] = [];
  readonly #kinds = new Map<string, DirKind>();

  constructor(readonly root: string) {}

  async walk(relative: string, depth: number): Promise<void> {
    const entries = await readdir(join(this.root, relative), { withFileTypes: true });
    entries.sort((left, right) => compareTicketIds(left.name, right.name));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const dir = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (!(await this.#isDirectory(entry, dir, true))) continue;
      const kind = await this.#kind(dir, depth + 1);
      if (kind === "ticket") this.tickets.push({ dir, ...(relative === "" ? {} : { bucket: relative }) });
      else if (kind === "bucket") {
        this.buckets.push(dir);
        await this.walk(dir, depth + 1);
      }
    }
  }

  /** Whether an entry is a directory inside the source; a link leading out is refused if `report`. */
  async #isDirectory(entry: Dirent, dir: string, report: boolean): Promise<boolean> {
    if (entry.isDirectory()) return true;
    if (!entry.isSymbolicLink()) return false;
    const target = await realpath(join(this.root, dir)).catch(() => undefined);
    if (target === undefined) return false;
    if (!isInside(this.root, target)) {
      if (report) {
        this.refused.push({
          dir,
          file: dir,
          reason: "outside_source",
          problem: `${dir} is a symbolic link leading outside the import directory (to '${target}'); the import reads only files inside '${this.root}'.`,
        });
      }
      return false;
    }
    return (await stat(target).catch(() => undefined))?.isDirectory() ?? false;
  }

  async #kind(dir: string, depth: number): Promise<DirKind> {
    const known = this.#kinds.get(dir);
    if (known !== undefined) return known;
    let kind: DirKind = "ticket";
    try {
      const entries = await readdir(join(this.root, dir), { withFileTypes: true });
      if (entries.some((entry) => TICKET_FILES.includes(entry.name))) kind = "ticket";
      else if (entries.length === 0) kind = "empty";
      else if (depth <= MAX_BUCKET_DEPTH && (await this.#holdsTickets(dir, entries, depth))) kind = "bucket";
    } catch {
      // Unreadable: reading it as a ticket reports the problem with the directory's name.
    }
    this.#kinds.set(dir, kind);
    return kind;
  }

  async #holdsTickets(dir: string, entries: readonly Dirent[], depth: number): Promise<boolean> {
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const child = `${dir}/${entry.name}`;
      if (!(await this.#isDirectory(entry, child, false))) continue;
      const kind = await this.#kind(child, depth + 1);
      if (kind === "ticket" && (await this.#hasTicketFile(child))) return true;
      if (kind === "bucket") return true;
    }
    return false;
  }

  async #hasTicketFile(dir: string): Promise<boolean> {
    const names = await readdir(join(this.root, dir)).catch(() => [] as string[]);
    return names.some((name) => TICKET_FILES.includes(name));
  }
}
