import { brandGuard, ToolError } from "@podkit/core";

/** Codes a workspace tool can be refused with, and the one its options can be rejected with. */
export type WorkspaceErrorCode =
  /** The path leaves the worktree (absolute, `..`, an escaping symlink, a hard link) or names `.git`. */
  | "out_of_scope"
  /** The path is malformed (empty, a NUL byte, a backslash). */
  | "invalid_path"
  | "not_found"
  | "not_a_file"
  | "not_a_directory"
  /** The file is binary or not UTF-8 where text is needed. */
  | "not_text"
  | "too_large"
  /** A line range past the end of the file. */
  | "invalid_range"
  /** `workspace_edit`: the old string does not occur. */
  | "no_match"
  /** `workspace_edit`: the old string occurs more than once and `replaceAll` is not set. */
  | "ambiguous_match"
  /** `workspace_search`: the regular expression does not parse. */
  | "invalid_pattern"
  | "nothing_to_commit"
  /** `workspace_run`: the name is not a configured command. */
  | "unknown_command"
  /** `workspace_run`: the configured command could not be started. */
  | "command_failed_to_start"
  /** A git command the tool needs failed; the message carries git's own words. */
  | "git_failed"
  /** `createWorkspaceFeature` was given options it cannot use. */
  | "invalid_options";

/**
 * A refusal of a workspace operation with a stable code and a message that names the path and
 * what is allowed. Extends `ToolError`, so tools pass it to the model as is; nothing was touched.
 */
export class WorkspaceError extends ToolError<WorkspaceErrorCode> {
  static override readonly isInstance = brandGuard<WorkspaceError>("podkit.workspace-error");
}
