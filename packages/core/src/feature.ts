import type { DependencyContainer } from "tsyringe";
import { RegistrationError } from "./errors.js";
import type { PodkitEmitter, PodkitEventName } from "./events.js";
import type { FeatureGrant } from "./feature-grant.js";
import type { Logger } from "./logger.js";
import { isReservedName, reservedNameMessage } from "./reserved-names.js";
import type { AnyTool } from "./tool.js";

/** Feature ids are kebab-case, so they read well in config paths. */
export const FEATURE_ID_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

/** What `setup` and `dispose` receive. */
export interface FeatureSetupContext {
  /** The feature's own child container; `services` have already been registered in it. */
  readonly container: DependencyContainer;
  readonly events: PodkitEmitter;
  readonly logger: Logger;
}

/** Returned by `setup` when the environment is unusable: the feature installs no tools. */
export interface FeatureUnavailable {
  readonly unavailable: string;
}

/** Builds the `setup` result that keeps a feature out, with the reason the install report prints. */
export function unavailable(reason: string): FeatureUnavailable {
  return { unavailable: reason };
}

/** What `setup` returns: nothing when ready, or {@link unavailable} to keep the feature out. */
// biome-ignore lint/suspicious/noConfusingVoidType: setup functions that return nothing are the common case.
export type SetupResult = void | FeatureUnavailable;

/** A domain capability: typed tools, the services they need, and the events they emit. */
export interface Feature<Id extends string = string, Tools extends readonly AnyTool[] = readonly AnyTool[]> {
  readonly id: Id;
  readonly version: string;
  readonly description: string;
  readonly tools: Tools;
  /** Ids of features that must be installed first. */
  readonly requires?: readonly string[];
  /** Events this feature emits (declared in `PodkitEvents` by module augmentation). */
  readonly events?: readonly PodkitEventName[];
  /** Registers the feature's services in its child container, before `setup`. */
  readonly services?: (container: DependencyContainer) => void;
  /** Default grants per built-in role (orchestrator, intake, coder, reviewer, companion, human). */
  readonly roles?: Readonly<Record<string, FeatureGrant>>;
  /**
   * How a role uses this feature's tools, by built-in role name (or any role a profile extends):
   * added to `toolset.instructions()` of a role that holds at least one of the tools.
   */
  readonly instructions?: Readonly<Record<string, string>>;
  setup?(context: FeatureSetupContext): SetupResult | Promise<SetupResult>;
  dispose?(context: FeatureSetupContext): void | Promise<void>;
}

/** Any feature; what the registry stores. */
export type AnyFeature = Feature<string, readonly AnyTool[]>;

/**
 * Defines a feature; an identity function that keeps tool names and capabilities as literal types.
 * @throws RegistrationError with code `invalid_feature_id` for an id that is not kebab-case.
 */
export function defineFeature<const Id extends string, const Tools extends readonly AnyTool[]>(
  feature: Feature<Id, Tools>,
): Feature<Id, Tools> {
  assertValidFeatureId(feature.id);
  return feature;
}

export function assertValidFeatureId(id: unknown): void {
  if (typeof id === "string" && isReservedName(id)) {
    throw new RegistrationError("invalid_feature_id", `Invalid feature id: ${reservedNameMessage(id)}`);
  }
  if (typeof id !== "string" || !FEATURE_ID_PATTERN.test(id)) {
    throw new RegistrationError(
      "invalid_feature_id",
      `Invalid feature id '${String(id)}'. A feature id must be kebab-case: a lowercase letter, then up to 63 lowercase letters, digits or '-'.`,
    );
  }
}

/** The tool names of a feature type, as a union of literals. */
export type ToolNameOf<F> = F extends Feature<string, infer Tools> ? Tools[number]["name"] : never;

/** The capabilities a feature's tools need, as a union of literals. */
export type CapabilityOf<F> =
  F extends Feature<string, infer Tools> ? CapabilityNames<Tools[number]["capability"]> : never;

type CapabilityNames<C> = C extends readonly (infer Name)[] ? Name : C;
