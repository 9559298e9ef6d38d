import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { errorCode, fsyncDirectory } from "@podkit/core/durable-fs";

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
