import fs from "node:fs";
import path from "node:path";
import type { TicketEvent } from "../../domain/ticket-event.js";
import { errorCode, fsyncDirectory, removeQuietly, writeFileDurably } from "./durable-write.js";
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

/**
 * New tickets appear whole: their directory is built under `.tmp/` with every event written and
 * fsynced, then renamed into place. A crash leaves at most a staging directory, which no reader
 * looks at and the next create or doctor removes once it is old.
 */
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
