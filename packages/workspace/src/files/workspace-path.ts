import { WorkspaceError } from "../workspace-error.js";

/** A path as the model wrote it, checked by its text alone: relative, no `..`, no `.git`. */
export interface WorkspacePath {
  /** The path normalised: `/`-separated, no empty or `.` segments; `.` for the root itself. */
  readonly normalized: string;
  /** Its segments; empty for the root. */
  readonly segments: readonly string[];
}

/** How the path is spelled in messages: the root is `.`. */
export function joinSegments(segments: readonly string[]): string {
  return segments.length === 0 ? "." : segments.join("/");
}

/**
 * Whether a segment names git's internals: `.git` in any letter case, because case-insensitive
 * filesystems (macOS, Windows) open `.GIT/config` as `.git/config`.
 */
export function isGitSegment(segment: string): boolean {
  return segment.toLowerCase() === ".git";
}

/**
 * Checks a path's text before anything on disk is looked at, and normalises it.
 * @throws WorkspaceError `invalid_path` for an empty path, a NUL byte or a backslash;
 *   `out_of_scope` for an absolute or home path, a `..` segment or a `.git` segment.
 */
export function parseWorkspacePath(path: string): WorkspacePath {
  const quoted = quote(path);
  if (path.length === 0) {
    throw new WorkspaceError(
      "invalid_path",
      "The path is empty. Give a path relative to the worktree root, e.g. 'src/index.ts', or '.' for the root.",
    );
  }
  if (path.includes("\0")) {
    throw new WorkspaceError("invalid_path", `Path ${quoted} contains a NUL byte, which no file name can.`);
  }
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) {
    throw new WorkspaceError(
      "out_of_scope",
      `Path ${quoted} is absolute. Paths are relative to the worktree root, e.g. 'src/index.ts'; nothing outside the worktree can be reached.`,
    );
  }
  if (path.includes("\\")) {
    throw new WorkspaceError(
      "invalid_path",
      `Path ${quoted} contains a backslash. Separate directories with '/', e.g. 'src/index.ts'.`,
    );
  }
  const segments = path.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments[0] === "~") {
    throw new WorkspaceError(
      "out_of_scope",
      `Path ${quoted} starts with '~', a home directory, which is outside the worktree. Paths are relative to the worktree root.`,
    );
  }
  if (segments.includes("..")) {
    throw new WorkspaceError(
      "out_of_scope",
      `Path ${quoted} contains '..'. Paths stay inside the worktree: name them from the worktree root without '..', e.g. 'src/index.ts'.`,
    );
  }
  if (segments.some(isGitSegment)) throw gitInternals(path);
  return { normalized: joinSegments(segments), segments };
}

/** The refusal for a path into git's internals, however it was reached. */
export function gitInternals(path: string): WorkspaceError {
  return new WorkspaceError(
    "out_of_scope",
    `Path ${quote(path)} is inside git's internals ('.git'), which workspace tools never read or write. Use workspace_diff and workspace_commit for git history.`,
  );
}

/** A path quoted for a message, cut short so a huge input cannot flood it. */
export function quote(path: string): string {
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return `'${shown.replaceAll("\0", "\\0")}'`;
}
