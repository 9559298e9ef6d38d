import { existsSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AnyFeature } from "@podkit/core";
import { resolve as resolveModule } from "import-meta-resolve";
import { PodkitConfigError } from "./config-error.js";

/** Where `features:` entries come from and where problems are reported. */
export interface FeatureSources {
  /** The configuration file (problems name it). */
  readonly file: string;
  /** Relative entries and package names are resolved from here: the configuration file's directory. */
  readonly directory: string;
  /** The entries as written. */
  readonly specifiers: readonly string[];
}

/**
 * Imports the features a configuration names: each entry is a path relative to the configuration
 * file, or a package name resolved from its directory (as Node would from a module there). A
 * module contributes its default export, else its `feature` export, else its `features` export:
 * a feature made with `defineFeature`, or an array of them. Anything else fails closed.
 * @throws PodkitConfigError naming the entry, the resolved path and what was found.
 */
export async function loadFeatures(sources: FeatureSources): Promise<AnyFeature[]> {
  const features: AnyFeature[] = [];
  for (const [index, specifier] of sources.specifiers.entries()) {
    const path = `features[${index}]`;
    const fail = (message: string, cause?: unknown): never => {
      throw new PodkitConfigError(
        sources.file,
        [{ path, message }],
        cause === undefined ? undefined : { cause },
      );
    };
    const url = locate(specifier, sources.directory, fail);
    let module: Record<string, unknown>;
    try {
      module = (await import(url)) as Record<string, unknown>;
    } catch (error) {
      const file = fileURLToPath(url);
      const hint = /\.[cm]?tsx?$/.test(file)
        ? "; features load as Node imports them: name the compiled JavaScript (the .js file tsc writes), not the TypeScript source"
        : "";
      return fail(`'${specifier}' (${file}) failed to load: ${describe(error)}${hint}`, error);
    }
    features.push(...featuresOf(module, `'${specifier}' (${fileURLToPath(url)})`, fail));
  }
  return features;
}

function locate(specifier: string, directory: string, fail: (message: string) => never): string {
  if (isPath(specifier)) {
    const file = isAbsolute(specifier) ? specifier : resolve(directory, specifier);
    if (!existsSync(file)) return fail(`'${specifier}' not found: no file at ${file}.`);
    if (!statSync(file).isFile()) return fail(`'${specifier}' is not a file: ${file}.`);
    return pathToFileURL(file).href;
  }
  try {
    // As Node's ESM resolution would from a module in the configuration's directory.
    return resolveModule(specifier, pathToFileURL(resolve(directory, "podkit.config.yaml")).href);
  } catch (error) {
    return fail(
      `package '${specifier}' not found from ${directory} (${describe(error)}). Install it in that project, or give a path such as './features/my-feature.js'.`,
    );
  }
}

function featuresOf(
  module: Record<string, unknown>,
  source: string,
  fail: (message: string) => never,
): AnyFeature[] {
  const name = ["default", "feature", "features"].find((key) => module[key] !== undefined);
  if (name === undefined) {
    const exports = Object.keys(module);
    return fail(
      `${source} has no default, 'feature' or 'features' export (it exports ${exports.length === 0 ? "nothing" : exports.map((key) => `'${key}'`).join(", ")}). Export a feature made with defineFeature, or an array of them.`,
    );
  }
  const value = module[name];
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0)
    return fail(`${source}: its '${name}' export is an empty array; it adds no feature.`);
  for (const [position, candidate] of list.entries()) {
    const problem = notAFeature(candidate);
    if (problem !== undefined) {
      const where = Array.isArray(value)
        ? `item ${position} of its '${name}' export`
        : `its '${name}' export`;
      return fail(
        `${source}: ${where} is not a feature: ${problem}. Expected the result of defineFeature().`,
      );
    }
  }
  return list as AnyFeature[];
}

/** Why a value is not a feature, or undefined when it has a feature's shape. */
function notAFeature(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return `found ${kindOf(value)}`;
  const candidate = value as Record<string, unknown>;
  const missing = ["id", "version", "description"].filter((key) => typeof candidate[key] !== "string");
  if (missing.length > 0 || !Array.isArray(candidate.tools)) {
    const lacks = [...missing, ...(Array.isArray(candidate.tools) ? [] : ["tools"])];
    return `found an object without ${lacks.map((key) => `'${key}'`).join(", ")} (keys: ${Object.keys(candidate).join(", ") || "none"})`;
  }
  return undefined;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return `a function${value.name ? ` '${value.name}'` : ""}`;
  return `a ${typeof value}`;
}

function isPath(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../") || isAbsolute(specifier);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
