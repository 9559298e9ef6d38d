import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Owner read and write only: hashes are not secrets, but who holds which role is nobody else's business. */
export const FILE_MODE = 0o600;
/** Owner only. */
export const DIRECTORY_MODE = 0o700;

/**
 * Creates `file` with `text` if no file of that name exists, durably and atomically: written and
 * fsynced under a unique temp name (mode 0600), then hard-linked to its name — `link()` fails when
 * the name exists, so of two writers exactly one wins and no reader ever sees a partial file —
 * and the directory fsynced. Returns false when the name was taken. The way the file ticket
 * store commits its events.
 */
export function commitFile(file: string, text: string): boolean {
  const directory = path.dirname(file);
  const temp = path.join(
    directory,
    `.${path.basename(file)}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`,
  );
  const descriptor = fs.openSync(temp, "wx", FILE_MODE);
  try {
    try {
      fs.writeFileSync(descriptor, text);
      fs.fsyncSync(descriptor);
    } finally {
      fs.closeSync(descriptor);
    }
    try {
      fs.linkSync(temp, file);
    } catch (error) {
      if (errorCode(error) === "EEXIST") return false;
      throw error;
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
  fsyncDirectory(directory);
  return true;
}

/** Makes a directory's new names durable (some platforms cannot fsync a directory: fine there). */
export function fsyncDirectory(directory: string): void {
  const descriptor = fs.openSync(directory, "r");
  try {
    fs.fsyncSync(descriptor);
  } catch (error) {
    if (!["EINVAL", "EISDIR", "EPERM", "EBADF"].includes(errorCode(error) ?? "")) throw error;
  } finally {
    fs.closeSync(descriptor);
  }
}

/** The `code` of a Node system error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
