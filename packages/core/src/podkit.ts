import { RegistrationError } from "./errors.js";
import type { PodkitEmitter } from "./events.js";
import type { AnyFeature } from "./feature.js";
import { FeatureRegistry } from "./feature-registry.js";
import type { InstallReport } from "./install-report.js";
import type { Logger } from "./logger.js";
import { RoleCatalog } from "./role-catalog.js";
import { loadRoleConfig, RoleConfigError } from "./role-config.js";
import type { RoleProfile } from "./role-profile.js";
import { Toolset } from "./toolset.js";

/** What `createPodkit` installs: the features, role profiles from code and from files, a logger and an event bus. */
export interface PodkitOptions {
  readonly features: readonly AnyFeature[];
  /** Profiles defined in code; they replace built-in profiles of the same name. */
  readonly profiles?: readonly RoleProfile[];
  /** Role configuration files (YAML or JSON), applied in order after `profiles`. */
  readonly roleFiles?: readonly string[];
  readonly logger?: Logger;
  readonly events?: PodkitEmitter;
}

/** A host's handle: the installed registry, the role catalog and a factory for toolsets. */
export interface Podkit {
  readonly registry: FeatureRegistry;
  readonly roles: RoleCatalog;
  readonly report: InstallReport;
  /** A toolset for one agent in one role, optionally bound to a scope (e.g. `{ ticket: "T-3" }`). */
  toolset(options: {
    role: string;
    agentId: string;
    podId?: string;
    bindings?: Readonly<Record<string, string>>;
  }): Toolset;
  dispose(): Promise<void>;
}

/**
 * Registers and installs features, builds the role catalog (built-in roles, then `profiles`,
 * then `roleFiles`) and hands out toolsets. Registration and config errors throw here, at startup.
 */
export async function createPodkit(options: PodkitOptions): Promise<Podkit> {
  const registry = new FeatureRegistry({
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.events === undefined ? {} : { events: options.events }),
  });
  registry.register(...options.features);
  const roles = RoleCatalog.fromFeatures(registry.features());
  for (const profile of options.profiles ?? []) roles.define(profile);
  for (const profile of options.profiles ?? []) {
    const cycle = roles.cycleFrom(profile.role);
    if (cycle !== undefined)
      throw new RegistrationError(
        "invalid_role_profile",
        `Role profile '${profile.role}' ${describeCycle(cycle)}`,
      );
  }
  for (const file of options.roleFiles ?? []) {
    const profiles = loadRoleConfig(file, { features: registry.features(), knownRoles: roles.roles() });
    for (const profile of profiles) roles.define(profile);
    // Checked once the whole file is in: a cycle is refused at load, not at the first call in that role.
    const cycles = profiles.flatMap((profile) => {
      const cycle = roles.cycleFrom(profile.role);
      return cycle === undefined
        ? []
        : [{ path: `roles.${profile.role}.extends`, message: describeCycle(cycle) }];
    });
    if (cycles.length > 0) throw new RoleConfigError(file, cycles);
  }
  const report = await registry.install();
  return {
    registry,
    roles,
    report,
    toolset: ({ role, agentId, podId, bindings }) =>
      new Toolset({
        registry,
        profile: roles.resolve(role),
        agentId,
        ...(podId === undefined ? {} : { podId }),
        ...(bindings === undefined ? {} : { bindings }),
      }),
    dispose: () => registry.disposeAll(),
  };
}

function describeCycle(cycle: readonly string[]): string {
  return `extends a cycle: ${cycle.map((name) => `'${name}'`).join(" -> ")}. A role can extend only a role that does not lead back to it.`;
}
