import { quoteList, RegistrationError } from "./errors.js";
import type { AnyFeature } from "./feature.js";

/**
 * Orders features so each comes after what it `requires`.
 * @throws RegistrationError `missing_dependency` naming the feature and the absent id, or
 *   `dependency_cycle` spelling out the cycle.
 */
export function orderByDependencies(
  features: readonly AnyFeature[],
  known: ReadonlySet<string>,
): AnyFeature[] {
  const byId = new Map(features.map((feature) => [feature.id, feature]));
  for (const feature of features) {
    for (const required of feature.requires ?? []) {
      if (!known.has(required)) {
        throw new RegistrationError(
          "missing_dependency",
          `Feature '${feature.id}' requires feature '${required}', which is not registered. Registered features: ${quoteList(known)}.`,
        );
      }
    }
  }
  const ordered: AnyFeature[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (feature: AnyFeature, path: string[]): void => {
    const current = state.get(feature.id);
    if (current === "done") return;
    if (current === "visiting") {
      const cycle = [...path.slice(path.indexOf(feature.id)), feature.id];
      throw new RegistrationError(
        "dependency_cycle",
        `Features require each other in a cycle: ${cycle.map((id) => `'${id}'`).join(" -> ")}. Break the cycle by moving the shared part into its own feature.`,
      );
    }
    state.set(feature.id, "visiting");
    for (const required of feature.requires ?? []) {
      const dependency = byId.get(required);
      if (dependency !== undefined) visit(dependency, [...path, feature.id]);
    }
    state.set(feature.id, "done");
    ordered.push(feature);
  };
  for (const feature of features) visit(feature, []);
  return ordered;
}
