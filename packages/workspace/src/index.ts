/**
 * The workspace feature: tools scoped to one git worktree for a Pod (list, read, search, write,
 * edit, diff against the ticket's base, run configured commands, commit), with every path held
 * inside the worktree.
 *
 * @module @podkit/workspace
 */
export { WorkspaceError, type WorkspaceErrorCode } from "./workspace-error.js";
export {
  createWorkspaceFeature,
  WORKSPACE_FEATURE_ID,
  WORKSPACE_ROLE_GRANTS,
  type WorkspaceCapability,
  type WorkspaceFeature,
  type WorkspaceToolName,
} from "./workspace-feature.js";
export {
  COMMAND_NAME_PATTERN,
  DEFAULT_WORKSPACE_LIMITS,
  type WorkspaceLimits,
  type WorkspaceOptions,
} from "./workspace-options.js";
export { WORKSPACE_ROLE_INSTRUCTIONS } from "./workspace-role-instructions.js";
