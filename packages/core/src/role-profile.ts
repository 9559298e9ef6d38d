import type { AnyFeature, CapabilityOf, ToolNameOf } from "./feature.js";
import type { FeatureGrant } from "./feature-grant.js";

/** The built-in roles of a coding runtime; each feature may ship default grants for them. */
export const BUILT_IN_ROLES = ["orchestrator", "intake", "coder", "reviewer", "companion", "human"] as const;
/** One of the built-in role names, e.g. `coder`. */
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

/**
 * A profile's instructions: text that `replace`s the instructions of the profile it extends, or is
 * `append`ed to them. A plain string replaces.
 */
export type RoleInstructions = string | { readonly text: string; readonly mode: "replace" | "append" };

/** Which features a role receives, with which capabilities and constraints. */
export interface RoleProfile {
  readonly role: string;
  readonly description?: string;
  /** Another profile whose grants this one starts from. */
  readonly extends?: string;
  readonly features: Readonly<Record<string, FeatureGrant>>;
  /** What the role is for and how it finishes, for the model; replaces or extends the inherited text. */
  readonly instructions?: RoleInstructions;
}

/** A profile whose feature ids, capabilities and tool names are checked against the features `F`. */
export interface RoleProfileFor<F extends AnyFeature> {
  readonly role: string;
  readonly description?: string;
  readonly extends?: string;
  readonly instructions?: RoleInstructions;
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
