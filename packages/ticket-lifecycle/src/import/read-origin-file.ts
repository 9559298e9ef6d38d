import { createHash } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { lstat, open, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { OriginFormatError } from "./origin-format-error.js";

/**
 * How much the import reads. Every file is checked before it is opened and read: a larger one is
 * refused (item, thread, resolution) or kept by reference (attachments), never read into memory.
 */
export const ORIGIN_FILE_LIMITS = {
  /** `item.md`: front matter and a body of at most `LIMITS.bodyChars` (100,000) characters. */
  itemBytes: 1024 * 1024,
  /** `thread.md`: years of events, each at most `LIMITS.commentChars` characters. */
  threadBytes: 32 * 1024 * 1024,
  /** `resolution.md`. */
  resolutionBytes: 1024 * 1024,
  /** An attachment up to this size that is UTF-8 text is stored whole, as a comment event. */
  attachmentTextBytes: 256 * 1024,
  /** An attachment up to this size has its SHA-256 recorded; a larger one only its size. */
  attachmentHashBytes: 64 * 1024 * 1024,
  /** Files kept per ticket besides `item.md`, `thread.md` and `resolution.md`; the rest are counted. */
  attachmentsPerTicket: 200,
} as const;

/** A file's text with a BOM dropped and CRLF read as LF. */
export interface OriginText {
  readonly text: string;
  readonly bytes: number;
}

/** Where a file is checked: the real path of the import directory, and the file relative to it. */
export interface OriginFileLocation {
  /** The import directory as `realpath` gives it. */
  readonly root: string;
  /** The file relative to `root`, with '/' separators, as reports name it. */
  readonly file: string;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
// O_NONBLOCK: opening a FIFO swapped in after the check returns at once instead of waiting for
// a writer; O_NOFOLLOW: a symbolic link swapped in after the check is refused.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Reads one origin text file after checking where it really is (inside `root`), what it is (a
 * regular file, not a FIFO or device) and how large it is (at most `limitBytes`); undefined when
 * it does not exist. Every refusal is an `OriginFormatError` with its reason.
 */
export async function readOriginText(
  location: OriginFileLocation,
  limitBytes: number,
): Promise<OriginText | undefined> {
  const checked = await checkOriginFile(location);
  if (checked === undefined) return undefined;
  if (checked.stats.size > limitBytes) throw tooLarge(location.file, checked.stats.size, limitBytes);
  const bytes = await readChecked(location.file, checked.realPath, limitBytes);
  return { text: decodeOriginText(location.file, bytes), bytes: bytes.length };
}

/** The real path and status of a regular file inside the import directory; undefined if absent. */
export async function checkOriginFile(
  location: OriginFileLocation,
): Promise<{ readonly realPath: string; readonly stats: Stats } | undefined> {
  const { root, file } = location;
  const path = join(root, file);
  let realPath: string;
  try {
    realPath = await realpath(path);
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw unreadable(file, error);
    const link = await lstat(path).catch(() => undefined);
    if (link === undefined) return undefined;
    throw new OriginFormatError({
      file,
      reason: "not_a_file",
      message: `${file} is a symbolic link to a file that does not exist; not read.`,
    });
  }
  if (!isInside(root, realPath)) {
    throw new OriginFormatError({
      file,
      reason: "outside_source",
      message: `${file} leads outside the import directory (to '${realPath}'); the import reads only files inside '${root}'.`,
    });
  }
  const stats = await stat(realPath).catch((error: unknown) => {
    throw unreadable(file, error);
  });
  if (!stats.isFile()) {
    throw new OriginFormatError({
      file,
      reason: "not_a_file",
      message: `${file} is ${describeFileType(stats)}, not a regular file; not read.`,
    });
  }
  return { realPath, stats };
}

/** Whether `path` is `root` or lies under it (both real paths). */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/** What a non-regular file is, for messages: "a FIFO", "a directory", … */
export function describeFileType(stats: Stats): string {
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isDirectory()) return "a directory";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

/** Bytes in a unit a person reads at a glance: `812 bytes`, `3.5 KiB`, `200.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Decodes UTF-8 strictly, drops a BOM and reads CRLF as LF. */
export function decodeOriginText(file: string, bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes).replace(/\r\n/g, "\n");
  } catch {
    throw new OriginFormatError({ file, reason: "not_utf8", message: "The file is not valid UTF-8." });
  }
}

/**
 * Reads a checked file through a descriptor that is itself checked again (the path could have
 * been swapped since), stopping one byte past the limit so a growing file cannot run away.
 */
async function readChecked(file: string, realPath: string, limitBytes: number): Promise<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(realPath, OPEN_FLAGS);
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new OriginFormatError({
        file,
        reason: "not_a_file",
        message: `${file} is ${describeFileType(stats)}, not a regular file; not read.`,
      });
    }
    if (stats.size > limitBytes) throw tooLarge(file, stats.size, limitBytes);
    const buffer = Buffer.alloc(Math.min(stats.size, limitBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > limitBytes) throw tooLarge(file, length, limitBytes);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } catch (error) {
    throw OriginFormatError.isInstance(error) ? error : unreadable(file, error);
  } finally {
    await handle.close();
  }
}

/** SHA-256 of a regular file, read in chunks through a checked descriptor (never a FIFO). */
export async function hashOriginFile(realPath: string): Promise<string> {
  const handle = await open(realPath, OPEN_FLAGS);
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`'${realPath}' is no longer a regular file`);
    const hash = createHash("sha256");
    const chunk = Buffer.alloc(1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return hash.digest("hex");
      hash.update(chunk.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}

function tooLarge(file: string, size: number, limitBytes: number): OriginFormatError {
  return new OriginFormatError({
    file,
    reason: "too_large",
    message: `${file} is ${formatBytes(size)}; the import reads at most ${formatBytes(limitBytes)} for this file (ORIGIN_FILE_LIMITS). Shorten it in the origin first.`,
  });
}

function unreadable(file: string, error: unknown): OriginFormatError {
  return new OriginFormatError({
    file,
    reason: "unreadable",
    message: `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
  });
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
