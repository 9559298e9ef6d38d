import fs from "node:fs";
import path from "node:path";
import { errorCode } from "@podkit/core/durable-fs";
import { applyEvent, reduceTicket } from "../../domain/reduce-ticket.js";
import { requireStorableEvent } from "../../domain/storable-text.js";
import type { TicketRecord } from "../../domain/ticket.js";
import { TicketError } from "../../domain/ticket-error.js";
import type { EventActor, NewTicketEvent, TicketEvent } from "../../domain/ticket-event.js";
import { checkWriteRequirement, NO_REQUIREMENT } from "../../domain/write-requirement.js";
import type { AcquireLockOptions, LockAcquisition, ReleaseLockOptions } from "../store-lock.js";
import type {
  AppendOptions,
  AppendResult,
  DoctorReport,
  ListQuery,
  ListResult,
  TicketBackend,
  TicketChange,
} from "../ticket-backend.js";
import { readOnlyError, storageError, writeError } from "./durable-write.js";
import { commitEventFile } from "./event-commit.js";
import { FileStoreLocks } from "./file-store-locks.js";
import { assertLocalFilesystem } from "./filesystem-kind.js";
import { ListCacheFile } from "./list-cache.js";
import { RecentHistories } from "./recent-histories.js";
import { encodeEvent } from "./stored-event.js";
import { sweepStaleTemps } from "./temp-sweeper.js";
import { diagnoseTickets } from "./ticket-doctor.js";
import { firstMissingSeq, listTicketEvents, readEvents } from "./ticket-history.js";
import { listTickets, writeSnapshotQuietly } from "./ticket-lister.js";
import { TicketPaths } from "./ticket-paths.js";
import { createTicketDirectory } from "./ticket-staging.js";
import { TicketWatcher } from "./ticket-watcher.js";

/** Where `createFileTicketBackend` keeps tickets and how it treats the root directory. */
export interface FileTicketBackendOptions {
  /** The ticket root, e.g. `<repository>/.podkit/tickets`. */
  readonly root: string;
  /** Use the root even on a network filesystem, where compare-and-set cannot be trusted. */
  readonly force?: boolean | undefined;
  /** Create the root (and missing parents) instead of refusing a root that does not exist. */
  readonly createRoot?: boolean | undefined;
  /** The clock for event times and leases; the local clock by default. */
  readonly clock?: (() => Date) | undefined;
}

/**
 * Opens a ticket root as a file backend, after checking it exists, is a readable directory and
 * is not on a network filesystem. Throws `TicketError("storage_unavailable")` saying why not. A
 * root this process may not write (permissions, a read-only mount) opens read-only: reads work
 * and write nothing (no cache, snapshot or sweep), writes are refused with `read_only`.
 */
export function createFileTicketBackend(options: FileTicketBackendOptions): FileTicketBackend {
  const root = path.resolve(options.root);
  try {
    if (options.createRoot) fs.mkdirSync(root, { recursive: true });
  } catch (error) {
    throw storageError("create the ticket root", root, error);
  }
  const stats = fs.statSync(root, { throwIfNoEntry: false });
  if (stats === undefined || !stats.isDirectory()) {
    throw new TicketError(
      "storage_unavailable",
      `Ticket root '${root}' ${stats === undefined ? "does not exist" : "is not a directory"}. Create it (podkit init does) or pass createRoot: true.`,
    );
  }
  try {
    fs.accessSync(root, fs.constants.R_OK | fs.constants.X_OK);
  } catch (error) {
    throw storageError("use the ticket root (it must be readable)", root, error);
  }
  assertLocalFilesystem(root, { force: options.force ?? false });
  return new FileTicketBackend(root, options.clock ?? (() => new Date()), writeRefusal(root));
}

/** Why this process may not write the root (`EACCES`, `EROFS`…), or undefined when it may. */
function writeRefusal(root: string): string | undefined {
  try {
    fs.accessSync(root, fs.constants.W_OK);
    return undefined;
  } catch (error) {
    return errorCode(error) ?? (error instanceof Error ? error.message : String(error));
  }
}

/**
 * Tickets as files in a directory — by default `.podkit/tickets/` in the repository: one
 * directory per ticket, one immutable markdown file per event, committed with `link()` so
 * concurrent processes on one host cannot lose an update, and a derived `ticket.md` snapshot.
 * Nothing a crash can leave behind needs cleaning by hand. Build it with `createFileTicketBackend`.
 */
export class FileTicketBackend implements TicketBackend {
  readonly kind = "file";
  /** The ticket root directory this backend reads and writes. */
  readonly root: string;
  readonly #paths: TicketPaths;
  readonly #clock: () => Date;
  readonly #watcher: TicketWatcher;
  readonly #listCache: ListCacheFile;
  readonly #recent = new RecentHistories();
  readonly #locks: FileStoreLocks;
  /** Why this process may not write the root (a system error code), when it may not. */
  readonly #readOnly: string | undefined;

  /** `readOnly` is the reason this process may not write the root (e.g. `EACCES`), if it may not. */
  constructor(root: string, clock: () => Date, readOnly?: string) {
    this.#paths = new TicketPaths(root);
    this.root = this.#paths.root;
    this.#clock = clock;
    this.#readOnly = readOnly;
    this.#watcher = new TicketWatcher(this.#paths);
    this.#listCache = new ListCacheFile(path.join(this.#paths.cache, "list"), readOnly === undefined);
    this.#locks = new FileStoreLocks(this.#paths.root, clock);
  }

  /** Whether the store was opened read-only: this process may not write its root. */
  get readOnly(): boolean {
    return this.#readOnly !== undefined;
  }

  async now(): Promise<Date> {
    return this.#clock();
  }

  async create(options: {
    readonly id?: string;
    readonly event: NewTicketEvent;
    readonly actor: EventActor;
  }): Promise<TicketRecord> {
    if (options.id !== undefined) this.#paths.ticketDir(options.id);
    if (options.event.kind !== "create") {
      throw new TicketError(
        "invalid_input",
        `A ticket starts with a 'create' event, not '${options.event.kind}'.`,
      );
    }
    this.#requireWritable("create a ticket", options.id);
    const event = this.#stamp(options.event, 1, options.actor);
    requireStorableEvent({ ticketId: options.id, event, actor: event.actor });
    encodeEvent(event, options.id);
    const ticketId = createTicketDirectory(this.#paths, [event], options.id);
    const ticket = reduceTicket(ticketId, [event]);
    writeSnapshotQuietly(this.#paths.snapshotFile(ticketId), ticket);
    return { ticket, events: [event] };
  }

  async read(ticketId: string): Promise<TicketRecord | undefined> {
    const listing = listTicketEvents(this.#paths, ticketId);
    if (listing === undefined) return undefined;
    const events = readEvents(this.#paths, ticketId, listing);
    const ticket = reduceTicket(ticketId, events);
    this.#recent.remember(ticketId, events);
    return { ticket, events };
  }

  async append(ticketId: string, options: AppendOptions): Promise<AppendResult> {
    const listing = listTicketEvents(this.#paths, ticketId);
    if (listing === undefined) {
      throw new TicketError("not_found", `No ticket '${ticketId}' in '${this.#paths.root}'.`, { ticketId });
    }
    this.#requireWritable("append to a ticket", ticketId);
    const eventsDir = this.#paths.eventsDir(ticketId);
    if (listing.temps.length > 0) sweepStaleTemps(eventsDir, listing.temps);
    const currentSeq = listing.seqs.at(-1) ?? 0;
    if (currentSeq !== options.expectedSeq) return { ok: false, reason: "conflict", currentSeq };
    // Everything is checked before the commit, so a commit is never followed by an error.
    const recalled =
      firstMissingSeq(listing.seqs) === undefined ? this.#recent.recall(ticketId, currentSeq) : undefined;
    const events = recalled ?? readEvents(this.#paths, ticketId, listing);
    const current = reduceTicket(ticketId, events);
    // The seq pins the history; the requirement is checked on this backend's clock, at the write.
    try {
      checkWriteRequirement(current, options.requires ?? NO_REQUIREMENT, this.#clock());
    } catch (error) {
      // A writer paused since its listing finds time moved on, and maybe the history too: a
      // history that moved is the conflict it is, so the caller re-decides on what happened since.
      const latest = listTicketEvents(this.#paths, ticketId)?.seqs.at(-1) ?? 0;
      if (latest !== currentSeq) return { ok: false, reason: "conflict", currentSeq: latest };
      throw error;
    }
    const event = this.#stamp(options.event, currentSeq + 1, options.actor);
    requireStorableEvent({ ticketId, event, actor: event.actor });
    const text = encodeEvent(event, ticketId);
    const ticket = applyEvent(current, event);
    let outcome: ReturnType<typeof commitEventFile>;
    try {
      outcome = commitEventFile(eventsDir, event.seq, text);
    } catch (error) {
      throw writeError(`append seq ${event.seq} to`, eventsDir, error, ticketId);
    }
    if (outcome === "vanished") {
      throw new TicketError("not_found", `Ticket '${ticketId}' was removed during the write.`, { ticketId });
    }
    if (outcome === "taken") {
      const latest = listTicketEvents(this.#paths, ticketId)?.seqs.at(-1) ?? 0;
      return { ok: false, reason: "conflict", currentSeq: latest };
    }
    // A newer snapshot may already be there; only the writer of the last event refreshes it.
    if (!fs.existsSync(this.#paths.eventFile(ticketId, event.seq + 1))) {
      writeSnapshotQuietly(this.#paths.snapshotFile(ticketId), ticket);
    }
    const history = [...events, event];
    this.#recent.remember(ticketId, history);
    return { ok: true, record: { ticket, events: history }, event };
  }

  async list(query: ListQuery = {}): Promise<ListResult> {
    return listTickets(this.#paths, this.#listCache, query, { writable: this.#readOnly === undefined });
  }

  async doctor(): Promise<DoctorReport> {
    return diagnoseTickets(this.#paths, { writable: this.#readOnly === undefined });
  }

  async importHistory(ticketId: string, events: readonly TicketEvent[]): Promise<TicketRecord> {
    this.#paths.ticketDir(ticketId);
    this.#requireWritable("import a ticket", ticketId);
    const ticket = reduceTicket(ticketId, events);
    for (const event of events) {
      requireStorableEvent({ ticketId, event, actor: event.actor });
      encodeEvent(event, ticketId);
    }
    createTicketDirectory(this.#paths, events, ticketId);
    writeSnapshotQuietly(this.#paths.snapshotFile(ticketId), ticket);
    return { ticket, events: [...events] };
  }

  async acquireLock(options: AcquireLockOptions): Promise<LockAcquisition> {
    this.#requireWritable(`take the store lock '${options.name}'`);
    return this.#locks.acquire(options);
  }

  async releaseLock(options: ReleaseLockOptions): Promise<boolean> {
    this.#requireWritable(`release the store lock '${options.name}'`);
    return this.#locks.release(options);
  }

  watch(listener: (change: TicketChange) => void): () => void {
    return this.#watcher.subscribe(listener);
  }

  async close(): Promise<void> {
    this.#watcher.close();
  }

  /** Refuses a write up front, before anything is written, when the store is read-only. */
  #requireWritable(action: string, ticketId?: string): void {
    if (this.#readOnly === undefined) return;
    throw readOnlyError(this.root, this.#readOnly, action, ticketId);
  }

  /** Numbers and stamps a new event with its actor (as stored: role and agent id) and time. */
  #stamp(event: NewTicketEvent, seq: number, actor: EventActor): TicketEvent {
    return {
      ...event,
      seq,
      actor: { role: actor.role, agentId: actor.agentId },
      at: this.#clock().toISOString(),
    };
  }
}
