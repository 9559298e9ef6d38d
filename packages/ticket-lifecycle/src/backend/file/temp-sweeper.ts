import fs from "node:fs";
import path from "node:path";
import { removeQuietly } from "./durable-write.js";
import { isTempName, TEMP_MAX_AGE_MS } from "./ticket-paths.js";

/**
 * Removes crash leftovers among `names` in `directory`: temp files (and, with `everything`, any
 * entry, for the staging directory) last modified more than `TEMP_MAX_AGE_MS` ago. Younger ones
 * may belong to a write in flight and are left alone; readers ignore temp names either way.
 * Uses the real time, not the backend's clock, since it compares with file times.
 */
export function sweepStaleTemps(
  directory: string,
  names: readonly string[],
  options: { everything?: boolean } = {},
): string[] {
  const removed: string[] = [];
  const cutoff = Date.now() - TEMP_MAX_AGE_MS;
  for (const name of names) {
    if (!options.everything && !isTempName(name)) continue;
    const file = path.join(directory, name);
    const stats = fs.lstatSync(file, { throwIfNoEntry: false });
    if (stats === undefined || stats.mtimeMs >= cutoff) continue;
    removeQuietly(file);
    removed.push(file);
  }
  return removed;
}

/** Sweeps a whole directory (missing is fine): every entry when `everything`, else temp names only. */
export function sweepDirectory(directory: string, options: { everything?: boolean } = {}): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch {
    return [];
  }
  return sweepStaleTemps(directory, names, options);
}
