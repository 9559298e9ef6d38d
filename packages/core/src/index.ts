/**
 * The podkit kernel: define tools and features, grant them to roles with role profiles (in code or
 * YAML/JSON files), and hand each agent a toolset that enforces its role on every call; plus JSON
 * Schema export, typed events, DI and the `PodkitError` base.
 *
 * @module @podkit/core
 */
export { createToken, type DependencyContainer, inject, injectable, type Token } from "./di.js";
export {
  type BrandGuard,
  brandGuard,
  PodkitError,
  type PodkitErrorCode,
  quoteList,
  RegistrationError,
} from "./errors.js";
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
  type Feature,
  type FeatureSetupContext,
  type FeatureUnavailable,
  type ToolNameOf,
  unavailable,
} from "./feature.js";
export type { FeatureGrant, ScopeConstraint } from "./feature-grant.js";
export type { FeatureRegistry } from "./feature-registry.js";
export {
  type FeatureToolset,
  featureToolset,
  type ToolContractOf,
  type ToolInputOf,
  type ToolOutputOf,
} from "./feature-toolset.js";
export { formatInstallReport, type InstallReport } from "./install-report.js";
export { createStderrLogger, type LogFields, type Logger, silentLogger } from "./logger.js";
export { createPodkit, type Podkit, type PodkitOptions } from "./podkit.js";
export {
  findReservedKeys,
  isReservedName,
  RESERVED_NAMES,
  type ReservedKey,
  reservedNameMessage,
} from "./reserved-names.js";
export type { ResolvedRoleProfile, RoleCatalog } from "./role-catalog.js";
export { formatPath, loadRoleConfig, RoleConfigError, type RoleConfigProblem } from "./role-config.js";
export { BUILT_IN_ROLE_INSTRUCTIONS } from "./role-instructions.js";
export {
  BUILT_IN_ROLES,
  type BuiltInRole,
  defineRoleProfile,
  type RoleInstructions,
  type RoleProfile,
  type RoleProfileFor,
} from "./role-profile.js";
export { type JsonSchema, toJsonSchema } from "./schema/json-schema.js";
export type { SchemaInput, SchemaOutput, ToolSchema } from "./schema/tool-schema.js";
export {
  type Actor,
  type AnyTool,
  defineTool,
  TOOL_NAME_PATTERN,
  type Tool,
  type ToolContext,
  type ToolHints,
} from "./tool.js";
export type { ToolDescriptor } from "./tool-descriptor.js";
export { ToolRefusedError } from "./tool-refused-error.js";
export { ToolError, type ToolErrorCode, type ToolErrorPayload, type ToolResult } from "./tool-result.js";
export { ACTOR, BINDINGS, type CallOptions, type Toolset } from "./toolset.js";
export { inSpan, markFailed } from "./tracing/in-span.js";
export { PODKIT_ATTRIBUTES } from "./tracing/podkit-attributes.js";
export { podkitTracer } from "./tracing/podkit-tracer.js";
export { TOOLSET_CALL_SPAN } from "./tracing/toolset-call-span.js";
export { contextFromTraceEnvironment, TRACE_ENV, traceEnvironment } from "./tracing/trace-environment.js";
