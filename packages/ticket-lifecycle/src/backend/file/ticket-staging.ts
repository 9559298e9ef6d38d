import fs from "node:fs";
import path from "node:path";
import { errorCode, fsyncDirectory } from "@podkit/core/durable-fs";
import { TicketError } from "../../domain/ticket-error.js";
import type { TicketEvent } from "../../domain/ticket-event.js";
import { highestTicketNumber, ticketIdOf } from "../next-ticket-id.js";
import { removeQuietly, writeError, writeFileDurably } from "./durable-write.js";
import { formatEventFile } from "./event-file-format.js";
import { sweepDirectory } from "./temp-sweeper.js";
import {
  EVENTS_DIR,
  eventFileName,
  GITIGNORE_CONTENT,
  GITIGNORE_FILE,
  type TicketPaths,
  tempName,
} from "./ticket-paths.js";

const MAX_ID_ATTEMPTS = 1000;

/**
 * Creates a ticket directory holding `events`, under `ticketId` or else the next free `T-<n>`,
 * and returns its id. New tickets appear whole: the directory is built under `.tmp/` with every
 * event written and fsynced, then renamed into place. A crash leaves at most a staging
 * directory, which no reader looks at and the next create or doctor removes once it is old.
 * A given id that exists is a `conflict`.
 */
export function createTicketDirectory(
  paths: TicketPaths,
  events: readonly TicketEvent[],
  ticketId?: string,
): string {
  let staged: string;
  try {
    staged = stageTicket(paths, events);
  } catch (error) {
    throw writeError("stage a ticket under", paths.staging, error, ticketId);
  }
  try {
    if (ticketId === undefined) return placeUnderNextId(paths, staged);
    if (!placeStagedTicket(paths, staged, ticketId)) {
      throw new TicketError("conflict", `Ticket '${ticketId}' already exists.`, { ticketId });
    }
    return ticketId;
  } catch (error) {
    throw TicketError.isInstance(error)
      ? error
      : writeError("place a ticket in", paths.root, error, ticketId);
  } finally {
    removeQuietly(staged);
  }
}

/** Places a staged ticket under the next free `T-<n>`, moving on when another process takes one. */
function placeUnderNextId(paths: TicketPaths, staged: string): string {
  // Exact integers: past 2^53 a Number rounds back onto a taken id and every attempt fails.
  let tried = 0n;
  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt += 1) {
    const next = highestTicketNumber(fs.readdirSync(paths.root)) + 1n;
    tried = next > tried ? next : tried + 1n;
    const ticketId = ticketIdOf(tried);
    if (placeStagedTicket(paths, staged, ticketId)) return ticketId;
  }
  throw new TicketError(
    "conflict",
    `Could not allocate a ticket id in '${paths.root}' after ${MAX_ID_ATTEMPTS} attempts.`,
  );
}

/** Builds a ticket directory under `.tmp/` with every event written and fsynced. */
export function stageTicket(paths: TicketPaths, events: readonly TicketEvent[]): string {
  prepareRoot(paths);
  const staged = path.join(paths.staging, tempName("ticket"));
  const eventsDir = path.join(staged, EVENTS_DIR);
  try {
    fs.mkdirSync(eventsDir, { recursive: true });
    for (const event of events)
      writeFileDurably(path.join(eventsDir, eventFileName(event.seq)), formatEventFile(event));
    fsyncDirectory(eventsDir);
    fsyncDirectory(staged);
    return staged;
  } catch (error) {
    removeQuietly(staged);
    throw error;
  }
}

/**
 * Renames a staged directory to the ticket's place; false when that id is taken (rename onto a
 * non-empty directory fails), so allocation can try the next id. Durable when it returns true.
 */
export function placeStagedTicket(paths: TicketPaths, staged: string, ticketId: string): boolean {
  try {
    fs.renameSync(staged, paths.ticketDir(ticketId));
  } catch (error) {
    if (["ENOTEMPTY", "EEXIST", "ENOTDIR", "EISDIR"].includes(errorCode(error) ?? "")) return false;
    throw error;
  }
  fsyncDirectory(paths.root);
  return true;
}

/** Creates `.tmp/` and `.gitignore` on first use and removes stale staging directories. */
function prepareRoot(paths: TicketPaths): void {
  fs.mkdirSync(paths.staging, { recursive: true });
  sweepDirectory(paths.staging, { everything: true });
  try {
    fs.writeFileSync(path.join(paths.root, GITIGNORE_FILE), GITIGNORE_CONTENT, { flag: "wx" });
  } catch (error) {
    if (errorCode(error) !== "EEXIST") throw error;
  }
}
