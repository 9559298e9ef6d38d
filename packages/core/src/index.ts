export {
  createToken,
  type DependencyContainer,
  type InjectionToken,
  inject,
  injectable,
  type Token,
} from "./di.js";
export { PodkitError, type PodkitErrorCode, quoteList, RegistrationError } from "./errors.js";
export {
  PodkitEmitter,
  type PodkitEventName,
  type PodkitEvents,
  type ToolCallEvent,
  type ToolDeniedEvent,
} from "./events.js";
export {
  type AnyFeature,
  type CapabilityOf,
  defineFeature,
  FEATURE_ID_PATTERN,
  type Feature,
  type FeatureSetupContext,
  type FeatureUnavailable,
  type ToolNameOf,
  unavailable,
} from "./feature.js";
export {
  createFeatureRegistry,
  FeatureRegistry,
  type FeatureRegistryOptions,
  type InstalledTool,
} from "./feature-registry.js";
export { formatInstallReport, type InstallReport } from "./install-report.js";
export { createStderrLogger, type LogFields, type Logger, silentLogger } from "./logger.js";
export { createPodkit, type Podkit, type PodkitOptions } from "./podkit.js";
export { type ResolvedRoleProfile, RoleCatalog } from "./role-catalog.js";
export {
  formatPath,
  loadRoleConfig,
  parseRoleConfig,
  RoleConfigError,
  RoleConfigFileSchema,
  type RoleConfigProblem,
} from "./role-config.js";
export {
  BUILT_IN_ROLES,
  type BuiltInRole,
  defineRoleProfile,
  type FeatureGrant,
  type RoleProfile,
  type RoleProfileFor,
  type ScopeConstraint,
} from "./role-profile.js";
export { type AnthropicTool, toAnthropicTools } from "./schema/anthropic-tools.js";
export { JSON_SCHEMA_DRAFT_2020_12, type JsonSchema, toJsonSchema } from "./schema/json-schema.js";
export { type McpTool, toMcpTools } from "./schema/mcp-tools.js";
export { nullsToAbsent } from "./schema/nulls-to-absent.js";
export { type OpenAiFunctionTool, toOpenAiTools, toStrictSchema } from "./schema/openai-tools.js";
export {
  isZod4Schema,
  type SchemaInput,
  type SchemaIssue,
  type SchemaOutput,
  type ToolSchema,
} from "./schema/tool-schema.js";
export {
  type Actor,
  type AnyTool,
  assertValidTool,
  defineTool,
  TOOL_NAME_PATTERN,
  type Tool,
  type ToolContext,
  type ToolHints,
} from "./tool.js";
export { describeTool, type ToolDescriptor } from "./tool-descriptor.js";
export { checkScope, decideGrant, type GrantDecision, type ScopeViolation } from "./tool-grant.js";
export { ToolRefusedError } from "./tool-refused-error.js";
export {
  ToolError,
  type ToolErrorCode,
  type ToolErrorPayload,
  type ToolResult,
  toolFailure,
} from "./tool-result.js";
export {
  ACTOR,
  BINDINGS,
  type CallOptions,
  createToolset,
  Toolset,
  type ToolsetOptions,
} from "./toolset.js";
