import fs from "node:fs";
import { errorCode } from "./error-code.js";

/**
 * Makes a directory's entries (created, linked, renamed or removed names) durable. Some
 * platforms cannot fsync a directory; their rename is durable enough without it.
 */
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
