import { PodkitError, quoteList, RegistrationError } from "./errors.js";
import type { AnyFeature } from "./feature.js";
import type { FeatureGrant } from "./feature-grant.js";
import { isReservedName, reservedNameMessage } from "./reserved-names.js";
import { applyRoleInstructions, BUILT_IN_ROLE_INSTRUCTIONS } from "./role-instructions.js";
import { BUILT_IN_ROLES, type RoleProfile } from "./role-profile.js";
import { grantOf } from "./tool-grant.js";

/** A profile with `extends` applied: every grant spelled out. */
export interface ResolvedRoleProfile extends RoleProfile {
  readonly extends?: never;
  /** The instructions with `extends` applied; absent when no profile in the chain has any. */
  readonly instructions?: string;
  /** The chain this profile was resolved through, itself first. */
  readonly lineage: readonly string[];
}

/**
 * The roles a host knows: built-in profiles assembled from each feature's default grants,
 * plus profiles added in code or from role configuration files (same name replaces).
 */
export class RoleCatalog {
  readonly #profiles = new Map<string, RoleProfile>();

  /** Starts from the built-in roles, granting what each feature ships for them, with their default instructions. */
  static fromFeatures(features: Iterable<AnyFeature>): RoleCatalog {
    const catalog = new RoleCatalog();
    const list = [...features];
    for (const role of BUILT_IN_ROLES) {
      const grants: Record<string, FeatureGrant> = {};
      for (const feature of list) {
        const grant = feature.roles?.[role];
        if (grant !== undefined) grants[feature.id] = grant;
      }
      catalog.define({ role, features: grants, instructions: BUILT_IN_ROLE_INSTRUCTIONS[role] });
    }
    return catalog;
  }

  /**
   * Adds or replaces a profile. A profile that `extends` its own name builds on the one it
   * replaces, so a config file can narrow or widen a built-in role in place.
   * @throws RegistrationError `invalid_role_profile` for a reserved name (`constructor`, …).
   */
  define(profile: RoleProfile): this {
    for (const name of [profile.role, ...Object.keys(profile.features)]) {
      if (isReservedName(name))
        throw new RegistrationError(
          "invalid_role_profile",
          `Role profile '${profile.role}': ${reservedNameMessage(name)}`,
        );
    }
    const previous = this.#profiles.get(profile.role);
    if (profile.extends === profile.role && previous !== undefined) {
      // Each replacement gets its own hidden base, so extending in place twice stays a chain.
      let baseName = `${profile.role}^`;
      while (this.#profiles.has(baseName)) baseName = `${baseName}^`;
      this.#profiles.set(baseName, previous);
      this.#profiles.set(profile.role, { ...profile, extends: baseName });
      return this;
    }
    this.#profiles.set(profile.role, profile);
    return this;
  }

  has(role: string): boolean {
    return this.#profiles.has(role);
  }

  /** Role names that can be resolved (not the hidden bases of replaced profiles). */
  roles(): string[] {
    return [...this.#profiles.keys()].filter((role) => !role.endsWith("^"));
  }

  /**
   * The `extends` chain from `role` when it runs into a cycle (`['a', 'b', 'a']`), else undefined;
   * a catalog with a cycle cannot resolve the roles on it, so hosts check this when loading.
   */
  cycleFrom(role: string): readonly string[] | undefined {
    const chain: string[] = [];
    for (let name: string | undefined = role; name !== undefined; name = this.#profiles.get(name)?.extends) {
      if (chain.includes(name)) return [...chain, name].map((link) => link.replace(/\^+$/, ""));
      chain.push(name);
    }
    return undefined;
  }

  /** The raw profile as defined, before `extends` is applied. */
  raw(role: string): RoleProfile | undefined {
    return this.#profiles.get(role);
  }

  /**
   * Resolves `role`, applying `extends`: capabilities and deny lists add up, a child's allow
   * list and scope entries override its parent's, its instructions replace or extend its parent's.
   * @throws PodkitError `unknown_role` listing the known roles, or `invalid_role_profile` for a cycle.
   */
  resolve(role: string): ResolvedRoleProfile {
    return this.#resolve(role, []);
  }

  #resolve(role: string, chain: string[]): ResolvedRoleProfile {
    const profile = this.#profiles.get(role);
    if (profile === undefined) {
      const via = chain.length > 0 ? ` (extended by '${chain.at(-1)}')` : "";
      throw new PodkitError(
        "unknown_role",
        `Unknown role '${role}'${via}. Known roles: ${quoteList(this.roles())}.`,
      );
    }
    if (chain.includes(role)) {
      throw new PodkitError(
        "invalid_role_profile",
        `Role profiles extend each other in a cycle: ${[...chain, role].map((name) => `'${name}'`).join(" -> ")}.`,
      );
    }
    const base: RoleProfile & { lineage?: readonly string[] } =
      profile.extends === undefined
        ? { role, features: {} }
        : this.#resolve(profile.extends, [...chain, role]);
    const features: Record<string, FeatureGrant> = { ...base.features };
    for (const [featureId, grant] of Object.entries(profile.features)) {
      features[featureId] = mergeGrants(grantOf(base, featureId), grant);
    }
    const instructions = applyRoleInstructions(
      typeof base.instructions === "string" ? base.instructions : undefined,
      profile.instructions,
    );
    const resolved: ResolvedRoleProfile = {
      role,
      features,
      lineage: [role, ...(base.lineage ?? []).filter((name) => !name.endsWith("^"))],
      ...(profile.description === undefined ? {} : { description: profile.description }),
      ...(instructions === undefined ? {} : { instructions }),
    };
    return resolved;
  }
}

function mergeGrants(parent: FeatureGrant | undefined, child: FeatureGrant): FeatureGrant {
  if (parent === undefined) return child;
  const allowTools = child.allowTools ?? parent.allowTools;
  const denyTools = [...new Set([...(parent.denyTools ?? []), ...(child.denyTools ?? [])])];
  const scope = { ...parent.scope, ...child.scope };
  return {
    capabilities: [...new Set([...parent.capabilities, ...child.capabilities])],
    ...(allowTools === undefined ? {} : { allowTools }),
    ...(denyTools.length === 0 ? {} : { denyTools }),
    ...(Object.keys(scope).length === 0 ? {} : { scope }),
  };
}
