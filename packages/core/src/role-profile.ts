import type { AnyFeature, CapabilityOf, ToolNameOf } from "./feature.js";

/** The built-in roles of a coding runtime; each feature may ship default grants for them. */
export const BUILT_IN_ROLES = ["orchestrator", "intake", "coder", "reviewer", "companion", "human"] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

/**
 * A per-call constraint on one scope dimension, as data:
 * `"bound"` — the subject must be the one bound to the toolset (e.g. the coder's own ticket);
 * `{ oneOf: [...] }` — the subject must be one of these.
 */
export type ScopeConstraint = "bound" | { readonly oneOf: readonly string[] };

/** What a role gets from one feature. */
export interface FeatureGrant<Capability extends string = string, ToolName extends string = string> {
  /** Tools whose capability is listed here are granted (narrowed by the lists below). */
  readonly capabilities: readonly Capability[];
  /** When present, only these tools (that also have a granted capability). */
  readonly allowTools?: readonly ToolName[];
  /** Never these tools. */
  readonly denyTools?: readonly ToolName[];
  /** Constraints checked on every call, by scope dimension, e.g. `{ ticket: "bound" }`. */
  readonly scope?: Readonly<Record<string, ScopeConstraint>>;
}

/** Which features a role receives, with which capabilities and constraints. */
export interface RoleProfile {
  readonly role: string;
  readonly description?: string;
  /** Another profile whose grants this one starts from. */
  readonly extends?: string;
  readonly features: Readonly<Record<string, FeatureGrant>>;
}

/** A profile whose feature ids, capabilities and tool names are checked against the features `F`. */
export interface RoleProfileFor<F extends AnyFeature> {
  readonly role: string;
  readonly description?: string;
  readonly extends?: string;
  readonly features: {
    readonly [Id in F["id"]]?: FeatureGrant<
      CapabilityOf<Extract<F, { id: Id }>>,
      ToolNameOf<Extract<F, { id: Id }>>
    >;
  };
}

/**
 * Defines a role profile. Pass the feature types to have unknown feature ids, capabilities and
 * tool names fail to type-check: `defineRoleProfile<typeof notes>({ … })`.
 */
export function defineRoleProfile<F extends AnyFeature = AnyFeature>(
  profile: RoleProfileFor<F>,
): RoleProfile {
  return profile as RoleProfile;
}
