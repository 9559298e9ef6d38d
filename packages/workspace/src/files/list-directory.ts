import type { Dirent } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import type { OpenedDirectory } from "./open-in-worktree.js";
import { isGitSegment } from "./workspace-path.js";
import type { WorktreeFiles } from "./worktree-files.js";

/** One entry of a listing; symlinks are reported as such and never followed. */
export interface ListedEntry {
  /** Relative to the worktree root, spelled from the listed path. */
  readonly path: string;
  readonly type: "file" | "directory" | "symlink" | "other";
  /** Bytes, for files. */
  readonly size?: number;
}

/** A bounded listing: breadth first, so the levels nearest the listed directory come complete first. */
export interface Listing {
  readonly path: string;
  readonly entries: readonly ListedEntry[];
  /** True when entries were left out to stay within `limit`. */
  readonly truncated: boolean;
}

/**
 * Lists a directory of the worktree down to `depth` levels, at most `limit` entries, leaving out
 * `.git` at every level and never descending through a symlink.
 */
export async function listDirectory(
  files: WorktreeFiles,
  input: string,
  options: { depth: number; limit: number },
): Promise<Listing> {
  const { resolved, directory } = await files.openDirectory(input);
  const asked = resolved.path.normalized;
  const entries: ListedEntry[] = [];
  // Subdirectories wait as segments and are opened one at a time, so a wide tree holds one handle.
  const queue: { segments: readonly string[]; shown: string; level: number }[] = [];
  let opened: OpenedDirectory | undefined = directory;
  let current = { segments: resolved.realSegments, shown: asked, level: 1 };
  let truncated = false;
  while (opened !== undefined) {
    try {
      for (const child of await readChildren(opened.location)) {
        if (entries.length === options.limit) {
          truncated = true;
          break;
        }
        const path = current.shown === "." ? child.name : `${current.shown}/${child.name}`;
        entries.push(await describeEntry(opened.location, child, path));
        if (child.isDirectory() && current.level < options.depth) {
          queue.push({ segments: [...current.segments, child.name], shown: path, level: current.level + 1 });
        }
      }
    } finally {
      await opened.close();
    }
    const next = truncated ? undefined : queue.shift();
    opened = next === undefined ? undefined : await files.opener.openDirectory(next.segments, next.shown);
    if (next !== undefined) current = next;
  }
  return { path: asked, entries, truncated };
}

async function readChildren(location: string): Promise<Dirent[]> {
  const children = await readdir(location, { withFileTypes: true });
  return children
    .filter((child) => !isGitSegment(child.name))
    .sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
}

async function describeEntry(location: string, child: Dirent, path: string): Promise<ListedEntry> {
  if (child.isSymbolicLink()) return { path, type: "symlink" };
  if (child.isDirectory()) return { path, type: "directory" };
  if (!child.isFile()) return { path, type: "other" };
  // lstat through the directory's own location: the entry is never followed.
  const stats = await lstat(`${location}/${child.name}`).catch(() => undefined);
  return stats === undefined ? { path, type: "file" } : { path, type: "file", size: stats.size };
}
