import type { AnyFeature, CapabilityOf, ToolNameOf } from "./feature.js";
import type { FeatureGrant } from "./feature-grant.js";

/** The built-in roles of a coding runtime; each feature may ship default grants for them. */
export const BUILT_IN_ROLES = ["orchestrator", "intake", "coder", "reviewer", "companion", "human"] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

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
