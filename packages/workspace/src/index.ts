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
