import { lstat, realpath, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { WorkspaceError } from "../workspace-error.js";
import {
  gitInternals,
  isGitSegment,
  parseWorkspacePath,
  quote,
  type WorkspacePath,
} from "./workspace-path.js";

/** A path checked against the disk: where it really is inside the worktree, and what is still missing. */
export interface ResolvedPath {
  /** The path as asked, normalised. */
  readonly path: WorkspacePath;
  /** The existing part with every symlink resolved, as segments below the worktree's real root. */
  readonly realSegments: readonly string[];
  /** Trailing segments that do not exist yet (only when missing paths are allowed). */
  readonly missing: readonly string[];
  /** What the existing part is: for a missing path, its deepest existing ancestor. */
  readonly kind: "file" | "directory" | "other";
}

/**
 * Resolves `input` inside the worktree whose real (symlink-free) root is `realRoot`: the text is
 * checked first, then every symlink on the way is resolved with `realpath`, and the result must
 * stay inside the root and outside `.git`. Nothing is created or opened.
 * @throws WorkspaceError `out_of_scope`, `invalid_path`, `not_found` or `not_a_directory`.
 */
export async function resolveInWorktree(
  realRoot: string,
  input: string,
  options: { allowMissing: boolean },
): Promise<ResolvedPath> {
  const path = parseWorkspacePath(input);
  const { segments } = path;
  for (let existing = segments.length; existing >= 0; existing--) {
    const candidate = join(realRoot, ...segments.slice(0, existing));
    let real: string;
    try {
      real = await realpath(candidate);
    } catch (error) {
      if (!isMissing(error)) throw error;
      if ((await lstatOrUndefined(candidate))?.isSymbolicLink()) {
        throw new WorkspaceError(
          "out_of_scope",
          `Path ${quote(input)} goes through ${quote(joinAsked(segments, existing))}, a symbolic link whose target does not exist inside the worktree; workspace tools do not follow it.`,
        );
      }
      continue;
    }
    const realSegments = segmentsBelow(realRoot, real);
    if (realSegments === undefined) {
      throw new WorkspaceError(
        "out_of_scope",
        `Path ${quote(input)} resolves through a symbolic link to a location outside the worktree. Only paths that stay inside the worktree are allowed.`,
      );
    }
    if (realSegments.some(isGitSegment)) throw gitInternals(input);
    const missing = segments.slice(existing);
    const kind = kindOf(await stat(real));
    if (missing.length > 0 && !options.allowMissing) {
      throw new WorkspaceError("not_found", `Path ${quote(input)} does not exist in the worktree.`);
    }
    if (missing.length > 0 && kind !== "directory") {
      throw new WorkspaceError(
        "not_a_directory",
        `Path ${quote(joinAsked(segments, existing))} is a file, so ${quote(input)} cannot be created below it.`,
      );
    }
    return { path, realSegments, missing, kind };
  }
  // The root itself always exists; reaching here means it vanished while we looked.
  throw new WorkspaceError(
    "not_found",
    `The worktree root no longer exists, so ${quote(input)} cannot be found.`,
  );
}

/** The segments of `real` below `root`, or `undefined` when it is not inside `root`. */
function segmentsBelow(root: string, real: string): string[] | undefined {
  if (real === root) return [];
  if (!real.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) return undefined;
  return relative(root, real).split(sep);
}

function kindOf(stats: { isFile(): boolean; isDirectory(): boolean }): ResolvedPath["kind"] {
  if (stats.isFile()) return "file";
  if (stats.isDirectory()) return "directory";
  return "other";
}

function joinAsked(segments: readonly string[], count: number): string {
  return segments.slice(0, count).join("/");
}

async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch {
    return undefined;
  }
}

/** ENOENT, or ENOTDIR when a file stands where a directory was expected. */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
