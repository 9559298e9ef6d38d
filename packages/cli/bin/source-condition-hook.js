/**
 * A Node module resolve hook that adds the `@podkit/source` export condition, so workspace
 * packages resolve to their TypeScript sources (`src/index.ts`) and no build step is needed.
 */
const CONDITION = "@podkit/source";

export async function resolve(specifier, context, nextResolve) {
  if (context.conditions.includes(CONDITION)) return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, CONDITION] });
}
