import fs from "node:fs";
import path from "node:path";
import type { TicketEvent } from "../../domain/ticket-event.js";
import { TICKET_ID_PATTERN } from "../../domain/ticket-state.js";
import type { TicketChange } from "../ticket-backend.js";
import { storageError } from "./durable-write.js";
import { parseEventFile } from "./event-file-format.js";
import { classifyEventNames } from "./ticket-history.js";
import { EVENTS_DIR, eventFileName, parseEventFileName, type TicketPaths } from "./ticket-paths.js";

type Listener = (change: TicketChange) => void;

/**
 * Reports new event files, committed by any process, as `{ ticketId, seq, state? }` — once per
 * event, in order per ticket. A doorbell, not a log: a change that happens while nobody watches
 * is not replayed. Watches the root (new tickets) and each ticket's events directory: Node 20's
 * recursive `fs.watch` on Linux watches and stats every file, which would mean hundreds of
 * thousands of watches for a large store.
 */
export class TicketWatcher {
  readonly #paths: TicketPaths;
  readonly #listeners = new Set<Listener>();
  readonly #watchers = new Map<string, fs.FSWatcher>();
  /** The last seq reported per ticket; a notification at or below it is a duplicate. */
  readonly #reported = new Map<string, number>();
  #root: fs.FSWatcher | undefined;

  constructor(paths: TicketPaths) {
    this.#paths = paths;
  }

  /** Adds a listener; the returned function removes it. Watching starts with the first listener. */
  subscribe(listener: Listener): () => void {
    if (this.#root === undefined) this.#start();
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.close();
    };
  }

  /** Stops every watch and forgets the listeners. */
  close(): void {
    this.#listeners.clear();
    this.#root?.close();
    this.#root = undefined;
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
    this.#reported.clear();
  }

  #start(): void {
    let root: fs.FSWatcher;
    try {
      root = fs.watch(this.#paths.root, { persistent: false }, (_type, name) => {
        if (typeof name === "string" && TICKET_ID_PATTERN.test(name)) this.#watchTicket(name, true);
      });
    } catch (error) {
      throw storageError("watch the ticket root", this.#paths.root, error);
    }
    root.on("error", () => this.close());
    this.#root = root;
    for (const entry of fs.readdirSync(this.#paths.root, { withFileTypes: true })) {
      if (entry.isDirectory() && TICKET_ID_PATTERN.test(entry.name)) this.#watchTicket(entry.name, false);
    }
  }

  #watchTicket(ticketId: string, isNew: boolean): void {
    if (this.#watchers.has(ticketId)) return;
    const eventsDir = path.join(this.#paths.root, ticketId, EVENTS_DIR);
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(eventsDir, { persistent: false }, (_type, name) => {
        const seq = typeof name === "string" ? parseEventFileName(name) : undefined;
        // Temp files of writers in flight come and go; only event files are news.
        if (seq !== undefined || name === null) this.#report(ticketId, seq);
      });
    } catch {
      return; // Not a ticket (yet), gone again, or out of inotify watches: the reconcile scan covers it.
    }
    watcher.on("error", () => this.#forget(ticketId));
    this.#watchers.set(ticketId, watcher);
    // A ticket renamed into place arrives with its events; report them from the first.
    if (isNew) this.#report(ticketId, 1);
  }

  #report(ticketId: string, hint: number | undefined): void {
    const eventsDir = path.join(this.#paths.root, ticketId, EVENTS_DIR);
    let last: number;
    try {
      last = classifyEventNames(fs.readdirSync(eventsDir)).seqs.at(-1) ?? 0;
    } catch {
      this.#forget(ticketId);
      return;
    }
    const reported = this.#reported.get(ticketId);
    const first = reported === undefined ? (hint ?? last) : reported + 1;
    if (last < first) return;
    this.#reported.set(ticketId, last);
    for (let seq = first; seq <= last; seq += 1) {
      const state = readState(path.join(eventsDir, eventFileName(seq)));
      const change: TicketChange = { ticketId, seq, ...(state === undefined ? {} : { state }) };
      for (const listener of this.#listeners) listener(change);
    }
  }

  #forget(ticketId: string): void {
    this.#watchers.get(ticketId)?.close();
    this.#watchers.delete(ticketId);
    this.#reported.delete(ticketId);
  }
}

function readState(file: string): TicketEvent["to"] {
  try {
    return parseEventFile(fs.readFileSync(file, "utf8")).to;
  } catch {
    return undefined;
  }
}
