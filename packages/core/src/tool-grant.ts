import type { FeatureGrant, ScopeConstraint } from "./feature-grant.js";
import type { RoleProfile } from "./role-profile.js";
import { type AnyTool, toolCapabilities } from "./tool.js";

/** The profile's own grant for a feature; a feature id such as `constructor` must not reach `Object.prototype`. */
export function grantOf(profile: Pick<RoleProfile, "features">, featureId: string): FeatureGrant | undefined {
  return Object.hasOwn(profile.features, featureId) ? profile.features[featureId] : undefined;
}

/** The outcome of checking one tool against one role profile, with the rule that decided. */
export type GrantDecision =
  | { readonly granted: true; readonly rule: string }
  | { readonly granted: false; readonly rule: string };

/** Decides whether `profile` grants `tool` of feature `featureId`. Pure; fails closed. */
export function decideGrant(profile: RoleProfile, featureId: string, tool: AnyTool): GrantDecision {
  const grant = grantOf(profile, featureId);
  if (grant === undefined) return { granted: false, rule: `feature-not-granted:${featureId}` };
  if (grant.denyTools?.includes(tool.name)) return { granted: false, rule: "deny-list" };
  const capabilities = toolCapabilities(tool);
  const capability = capabilities.find((candidate) => grant.capabilities.includes(candidate));
  if (capability === undefined) {
    return { granted: false, rule: `capability-not-granted:${capabilities.join("|")}` };
  }
  if (grant.allowTools !== undefined && !grant.allowTools.includes(tool.name)) {
    return { granted: false, rule: "not-in-allow-list" };
  }
  for (const dimension of Object.keys(grant.scope ?? {})) {
    if (tool.scope?.[dimension] === undefined)
      return { granted: false, rule: `scope-undeclared:${dimension}` };
  }
  return {
    granted: true,
    rule: grant.allowTools ? `allow-list+capability:${capability}` : `capability:${capability}`,
  };
}

/** A per-call scope refusal: which dimension, and a message a model can act on. */
export interface ScopeViolation {
  readonly dimension: string;
  readonly message: string;
}

/** Checks the parsed input of a granted tool against the grant's scope constraints. */
export function checkScope(options: {
  grant: FeatureGrant;
  tool: AnyTool;
  input: unknown;
  bindings: Readonly<Record<string, string>>;
}): ScopeViolation | undefined {
  const { grant, tool, input, bindings } = options;
  for (const [dimension, constraint] of Object.entries(grant.scope ?? {})) {
    const field = tool.scope?.[dimension];
    const subject =
      field !== undefined && typeof input === "object" && input !== null
        ? (input as Record<string, unknown>)[field]
        : undefined;
    const violation = violates(constraint, subject, bindings[dimension]);
    if (violation !== undefined) return { dimension, message: violation(dimension) };
  }
  return undefined;
}

function violates(
  constraint: ScopeConstraint,
  subject: unknown,
  bound: string | undefined,
): ((dimension: string) => string) | undefined {
  if (constraint === "bound") {
    if (bound === undefined) {
      return (dimension) =>
        `This agent is not bound to any ${dimension}, and its role may only act on its bound ${dimension}.`;
    }
    if (subject === bound) return undefined;
    return (dimension) =>
      `${capitalize(dimension)} '${String(subject)}' is outside this agent's scope. It may only act on ${dimension} '${bound}'.`;
  }
  if (typeof subject === "string" && constraint.oneOf.includes(subject)) return undefined;
  return (dimension) =>
    `${capitalize(dimension)} '${String(subject)}' is outside this agent's scope. Allowed: ${constraint.oneOf.map((value) => `'${value}'`).join(", ")}.`;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
