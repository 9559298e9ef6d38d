import fs from "node:fs";
import path from "node:path";
import { errorCode, fsyncDirectory } from "@podkit/core/durable-fs";
import { unlinkQuietly, writeFileDurably } from "./durable-write.js";
import { eventFileName, tempName } from "./ticket-paths.js";

/** How a commit ended: `committed` is durable; `taken` means another writer committed that seq first. */
export type CommitOutcome = "committed" | "taken" | "vanished";

/**
 * Commits one event file as `events/<seq>.md` with compare-and-set semantics: the content is
 * written and fsynced under a unique temp name, then hard-linked to its final name. `link()`
 * fails with EEXIST when the name exists, so of two writers of the same seq exactly one wins,
 * and nobody ever sees a partly written event. The directory is fsynced before `committed` is
 * returned. The temp name is removed either way; if a crash keeps it, readers ignore it and a
 * later writer sweeps it. `vanished` means the events directory is gone (ticket removed).
 */
export function commitEventFile(eventsDir: string, seq: number, text: string): CommitOutcome {
  const final = path.join(eventsDir, eventFileName(seq));
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const temp = path.join(eventsDir, tempName(String(seq)));
    try {
      writeFileDurably(temp, text);
    } catch (error) {
      if (errorCode(error) === "ENOENT") return "vanished";
      throw error;
    }
    try {
      fs.linkSync(temp, final);
    } catch (error) {
      const code = errorCode(error);
      if (code === "EEXIST") return "taken";
      // ENOENT: a sweeper removed the temp file (a writer paused for over a minute); write it again.
      if (code === "ENOENT" && fs.existsSync(eventsDir)) continue;
      if (code === "ENOENT") return "vanished";
      throw error;
    } finally {
      unlinkQuietly(temp);
    }
    fsyncDirectory(eventsDir);
    return "committed";
  }
  return "vanished";
}
