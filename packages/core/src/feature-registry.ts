// tsyringe throws at import time unless the Reflect polyfill is loaded first.
import "reflect-metadata";
import { type DependencyContainer, container as globalContainer } from "tsyringe";
import { orderByDependencies } from "./dependency-order.js";
import { describeError, quoteList, RegistrationError } from "./errors.js";
import { PodkitEmitter } from "./events.js";
import { type AnyFeature, assertValidFeatureId, type FeatureSetupContext } from "./feature.js";
import { formatInstallReport, type InstallReport } from "./install-report.js";
import { type Logger, silentLogger } from "./logger.js";
import { type AnyTool, assertValidTool } from "./tool.js";

/** A tool as installed: which feature brought it and that feature's container. */
export interface InstalledTool {
  readonly tool: AnyTool;
  readonly featureId: string;
  readonly container: DependencyContainer;
}

export interface FeatureRegistryOptions {
  /** Parent of every feature container; a fresh child of tsyringe's global container by default. */
  readonly container?: DependencyContainer;
  readonly events?: PodkitEmitter;
  readonly logger?: Logger;
}

interface InstalledFeature {
  readonly feature: AnyFeature;
  readonly context: FeatureSetupContext;
}

/**
 * Holds features, installs them in dependency order, and knows which tools are live.
 * Registration mistakes throw at startup with the culprit named; an unusable environment
 * keeps a feature out (no tools) and is reported.
 */
export class FeatureRegistry {
  readonly container: DependencyContainer;
  readonly events: PodkitEmitter;
  readonly logger: Logger;
  readonly #registered = new Map<string, AnyFeature>();
  readonly #installed = new Map<string, InstalledFeature>();
  readonly #skipped = new Map<string, string>();
  #tools = new Map<string, InstalledTool>();
  #generation = 0;

  constructor(options: FeatureRegistryOptions = {}) {
    this.container = options.container ?? globalContainer.createChildContainer();
    this.events = options.events ?? new PodkitEmitter();
    this.logger = options.logger ?? silentLogger;
  }

  /** Adds features to install. Throws on an invalid id or tool, a duplicate id or a tool name collision. */
  register(...features: AnyFeature[]): this {
    // Check each feature against those already registered and those earlier in this call,
    // so a duplicate or collision is caught even when both arrive together.
    const batch = new Map<string, AnyFeature>();
    for (const feature of features) {
      this.#checkRegistrable(feature, batch);
      batch.set(feature.id, feature);
    }
    for (const feature of batch.values()) this.#registered.set(feature.id, feature);
    return this;
  }

  /** Installs every registered feature not yet installed, dependencies first. */
  async install(): Promise<InstallReport> {
    const pending = [...this.#registered.values()].filter(
      (feature) => !this.#installed.has(feature.id) && !this.#skipped.has(feature.id),
    );
    const order = orderByDependencies(pending, new Set(this.#registered.keys()));
    for (const feature of order) await this.#installOne(feature);
    if (order.length > 0) this.#publishToolsChanged();
    return this.report();
  }

  /** What is installed and what was kept out, with reasons. */
  report(): InstallReport {
    const installed = [...this.#installed.values()].map(({ feature }) => ({
      featureId: feature.id,
      version: feature.version,
      tools: feature.tools.map((tool) => tool.name),
    }));
    const skipped = [...this.#skipped].map(([featureId, reason]) => ({ featureId, reason }));
    return { installed, skipped, toString: () => formatInstallReport({ installed, skipped }) };
  }

  /** Disposes one installed feature; refuses while an installed feature requires it. */
  async dispose(featureId: string): Promise<void> {
    const entry = this.#installed.get(featureId);
    if (entry === undefined) return;
    const dependents = [...this.#installed.values()].filter(({ feature }) =>
      feature.requires?.includes(featureId),
    );
    if (dependents.length > 0) {
      throw new RegistrationError(
        "feature_in_use",
        `Cannot dispose feature '${featureId}': installed features ${quoteList(dependents.map(({ feature }) => feature.id))} require it. Dispose them first.`,
      );
    }
    this.#installed.delete(featureId);
    this.#registered.delete(featureId);
    this.#rebuildTools();
    this.#publishToolsChanged();
    await entry.feature.dispose?.(entry.context);
    this.events.emit("feature-disposed", { featureId });
  }

  /** Disposes every installed feature, dependents first. */
  async disposeAll(): Promise<void> {
    const order = [...this.#installed.keys()].reverse();
    for (const featureId of order) await this.dispose(featureId);
  }

  /** The live tool with this name, or undefined. */
  tool(name: string): InstalledTool | undefined {
    return this.#tools.get(name);
  }

  /** Every live tool, in install order. */
  tools(): IterableIterator<InstalledTool> {
    return this.#tools.values();
  }

  /** Registered features (installed or not), for config validation and built-in role grants. */
  features(): IterableIterator<AnyFeature> {
    return this.#registered.values();
  }

  /** Grows whenever the set of live tools changes; toolsets key their caches on it. */
  get generation(): number {
    return this.#generation;
  }

  async #installOne(feature: AnyFeature): Promise<void> {
    const missing = (feature.requires ?? []).filter((id) => !this.#installed.has(id));
    if (missing.length > 0) {
      this.#skip(
        feature.id,
        `it requires ${quoteList(missing)}, which ${missing.length === 1 ? "was" : "were"} not installed`,
      );
      return;
    }
    const context: FeatureSetupContext = {
      container: this.container.createChildContainer(),
      events: this.events,
      logger: this.logger,
    };
    try {
      feature.services?.(context.container);
      const outcome = await feature.setup?.(context);
      if (outcome && "unavailable" in outcome) {
        this.#skip(feature.id, outcome.unavailable);
        return;
      }
    } catch (error) {
      this.logger.error("feature setup failed", { featureId: feature.id, error: describeError(error) });
      this.#skip(feature.id, `setup failed: ${describeError(error)}`);
      return;
    }
    this.#installed.set(feature.id, { feature, context });
    this.#rebuildTools();
    this.events.emit("feature-installed", {
      featureId: feature.id,
      tools: feature.tools.map((tool) => tool.name),
    });
  }

  #skip(featureId: string, reason: string): void {
    this.#skipped.set(featureId, reason);
    this.logger.warn("feature not installed", { featureId, reason });
    this.events.emit("feature-skipped", { featureId, reason });
  }

  #rebuildTools(): void {
    const tools = new Map<string, InstalledTool>();
    for (const { feature, context } of this.#installed.values()) {
      for (const tool of feature.tools)
        tools.set(tool.name, { tool, featureId: feature.id, container: context.container });
    }
    this.#tools = tools;
  }

  #publishToolsChanged(): void {
    this.#generation += 1;
    this.events.emit("tools-changed", { generation: this.#generation });
  }

  #checkRegistrable(feature: AnyFeature, batch: ReadonlyMap<string, AnyFeature>): void {
    assertValidFeatureId(feature.id);
    const known = [...this.#registered.values(), ...batch.values()];
    if (known.some((other) => other.id === feature.id)) {
      throw new RegistrationError(
        "duplicate_feature",
        `Feature '${feature.id}' is registered twice. Registered features: ${quoteList(known.map((other) => other.id))}.`,
      );
    }
    const owners = new Map<string, string>();
    for (const other of known) for (const tool of other.tools) owners.set(tool.name, other.id);
    const seen = new Set<string>();
    for (const tool of feature.tools) {
      assertValidTool(tool);
      const owner = seen.has(tool.name) ? feature.id : owners.get(tool.name);
      if (owner !== undefined) {
        throw new RegistrationError(
          "tool_name_collision",
          `Tool name '${tool.name}' of feature '${feature.id}' is already defined by feature '${owner}'. Tool names must be unique across features; prefix them with the domain (e.g. '${feature.id.replaceAll("-", "_")}_${tool.name}').`,
        );
      }
      seen.add(tool.name);
    }
  }
}

/** Creates an empty feature registry. */
export function createFeatureRegistry(options?: FeatureRegistryOptions): FeatureRegistry {
  return new FeatureRegistry(options);
}
