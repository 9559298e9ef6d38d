import fs from "node:fs";
import path from "node:path";
import { errorCode } from "@podkit/core/durable-fs";
import { TicketError } from "../../domain/ticket-error.js";
import { tempName } from "./ticket-paths.js";

/*
 * Synchronous calls on purpose: on a local disk each takes microseconds and an fsync well under a
 * few milliseconds, while the thread-pool hop of the async API costs more than the work itself
 * (measured: a write with file and directory fsync took ~1.6x as long through it). Network filesystems, where a call could hang,
 * are refused at startup.
 */

/** Creates `file` (which must not exist) with `data` and fsyncs it before returning. */
export function writeFileDurably(file: string, data: string): void {
  const descriptor = fs.openSync(file, "wx");
  try {
    fs.writeFileSync(descriptor, data);
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
}

/**
 * Replaces a cache file without fsync: a temp file is written, the old file unlinked and the
 * temp renamed into place. Readers see the old content, the new content or (for a moment) no
 * file — which for a cache only means rebuilding it — never a mix. Renaming onto an existing
 * file would be atomic, but ext4 (auto_da_alloc) then forces the new data to disk, which made
 * every append ~0.4 ms slower (p90 3 ms) for a file that needs no durability.
 */
export function replaceCacheFile(file: string, data: string): void {
  const temp = path.join(path.dirname(file), tempName(path.basename(file)));
  try {
    fs.writeFileSync(temp, data, { flag: "wx" });
    unlinkQuietly(file);
    fs.renameSync(temp, file);
  } catch (error) {
    unlinkQuietly(temp);
    throw error;
  }
}

/** Removes a file if it is there; a failure here never matters more than the work around it. */
export function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true, recursive: true });
  } catch {
    // Left for the sweeper: temp names are ignored by readers and removed once old.
  }
}

/** Unlinks a file if it is there (cheaper than `removeQuietly` on hot paths). */
export function unlinkQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Already gone, or left for the sweeper.
  }
}

/** A `storage_unavailable` error that says what failed, where, and the system's reason. */
export function storageError(
  action: string,
  location: string,
  error: unknown,
  ticketId?: string,
): TicketError {
  const reason = error instanceof Error ? error.message : String(error);
  return new TicketError("storage_unavailable", `Could not ${action} '${location}': ${reason}`, {
    cause: error,
    ...(ticketId === undefined ? {} : { ticketId }),
  });
}

/** System error codes that mean this process may not write there (permissions, a read-only mount). */
const READ_ONLY_CODES = new Set(["EACCES", "EPERM", "EROFS"]);

/**
 * The error for a failed write: `read_only` when the system refused it for permissions or a
 * read-only filesystem (nothing was written), else `storage_unavailable` as `storageError` says.
 */
export function writeError(action: string, location: string, error: unknown, ticketId?: string): TicketError {
  if (!READ_ONLY_CODES.has(errorCode(error) ?? "")) return storageError(action, location, error, ticketId);
  const reason = error instanceof Error ? error.message : String(error);
  return new TicketError(
    "read_only",
    `Could not ${action} '${location}': ${reason}. The ticket store is read-only for this process: nothing was written; reads still work. ${WRITING_NEEDS}`,
    { cause: error, ...(ticketId === undefined ? {} : { ticketId }) },
  );
}

const WRITING_NEEDS =
  "Writing needs write permission on the ticket root and its ticket directories (run as their owner, or fix the permissions or the mount).";

/** The `read_only` refusal of a write to a store opened read-only, before anything is written. */
export function readOnlyError(root: string, code: string, action: string, ticketId?: string): TicketError {
  return new TicketError(
    "read_only",
    `The ticket store '${root}' is read-only for this process (${code}: it may not write the ticket root), so it cannot ${action}. Nothing was written; reads still work. ${WRITING_NEEDS}`,
    ticketId === undefined ? undefined : { ticketId },
  );
}
