import fs from "node:fs";
import { replaceCacheFile } from "./durable-write.js";

const { O_NOFOLLOW, O_NONBLOCK, O_WRONLY } = fs.constants;

/**
 * Rewrites a cache file whose readers check every byte they read — `ticket.md`, with its digest
 * over the content and the seq it stands at — in place: the new text written over the old from
 * the start, then cut to length, without fsync. A reader racing the write, or the file a crash
 * leaves (old text, new text, a mix, a new head on an old tail, zeros), fails the digest or
 * names an older seq, so it is rebuilt from the events, never believed. In place there is no
 * new inode to create, no old one to free and no directory entry to change: on ext4 the
 * temp-and-rename of `replaceCacheFile` was about a third of an uncontended `accept`.
 *
 * Only a regular file with one link is written in place, opened without following links (a
 * symbolic link or a hard link to a file elsewhere is replaced by `replaceCacheFile`, like a
 * missing file), so nothing outside the ticket directory is ever written. Throws what the
 * system throws; callers treat a failure as harmless.
 */
export function rewriteCheckedCacheFile(file: string, data: string): void {
  if (!rewriteInPlace(file, data)) replaceCacheFile(file, data);
}

/** Writes `data` over an existing single-link regular file; false when the file is not one. */
function rewriteInPlace(file: string, data: string): boolean {
  // O_NOFOLLOW is not defined on Windows: replace there.
  if (O_NOFOLLOW === undefined) return false;
  const before = fs.lstatSync(file, { throwIfNoEntry: false });
  // Checked before opening, so a FIFO or device planted under the name is never opened.
  if (before === undefined || !before.isFile() || before.nlink !== 1) return false;
  let descriptor: number;
  try {
    descriptor = fs.openSync(file, O_WRONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return false;
  }
  try {
    const stats = fs.fstatSync(descriptor);
    // Another file swapped in since the lstat is left alone.
    if (stats.ino !== before.ino || stats.dev !== before.dev || !stats.isFile() || stats.nlink !== 1)
      return false;
    const bytes = Buffer.from(data, "utf8");
    fs.writeFileSync(descriptor, bytes);
    if (stats.size > bytes.length) fs.ftruncateSync(descriptor, bytes.length);
    return true;
  } finally {
    fs.closeSync(descriptor);
  }
}
