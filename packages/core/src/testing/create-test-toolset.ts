import type { PodkitEvents } from "../events.js";
import type { AnyFeature } from "../feature.js";
import { FeatureRegistry } from "../feature-registry.js";
import type { InstallReport } from "../install-report.js";
import type { Logger } from "../logger.js";
import { RoleCatalog } from "../role-catalog.js";
import type { RoleProfile } from "../role-profile.js";
import type { Toolset } from "../toolset.js";
import { createToolset } from "../toolset.js";

/** How `createTestToolset` builds the toolset: the agent id, scope bindings, required features and a logger. */
export interface TestToolsetOptions {
  readonly agentId?: string;
  readonly bindings?: Readonly<Record<string, string>>;
  /** Features the one under test requires; installed alongside it. */
  readonly requires?: readonly AnyFeature[];
  readonly logger?: Logger;
}

/** A toolset for tests, with what it emitted so far. */
export interface TestToolset {
  readonly toolset: Toolset;
  readonly registry: FeatureRegistry;
  readonly report: InstallReport;
  /** Every `tool-call` and `tool-denied` event, in order. */
  readonly events: {
    readonly name: "tool-call" | "tool-denied";
    readonly payload: PodkitEvents["tool-call"] | PodkitEvents["tool-denied"];
  }[];
}

/**
 * Installs `feature` in a fresh registry and returns a toolset for `profile` — a profile object
 * or the name of a built-in role that takes the feature's default grants.
 */
export async function createTestToolset(
  feature: AnyFeature,
  profile: RoleProfile | string,
  options: TestToolsetOptions = {},
): Promise<TestToolset> {
  const registry = new FeatureRegistry(options.logger === undefined ? {} : { logger: options.logger });
  registry.register(...(options.requires ?? []), feature);
  const report = await registry.install();
  const catalog = RoleCatalog.fromFeatures(registry.features());
  if (typeof profile !== "string") catalog.define(profile);
  const events: TestToolset["events"] = [];
  registry.events.on("tool-call", (payload) => void events.push({ name: "tool-call", payload }));
  registry.events.on("tool-denied", (payload) => void events.push({ name: "tool-denied", payload }));
  const toolset = createToolset({
    registry,
    profile: catalog.resolve(typeof profile === "string" ? profile : profile.role),
    agentId: options.agentId ?? "test-agent",
    ...(options.bindings === undefined ? {} : { bindings: options.bindings }),
  });
  return { toolset, registry, report, events };
}
