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
  return decideToolGrant(grant, tool);
}

/**
 * {@link decideGrant} for a feature whose grant the caller already looked up: what a toolset runs
 * for each of the registry's tools, so it allocates nothing for a granted tool but its decision.
 */
export function decideToolGrant(grant: FeatureGrant, tool: AnyTool): GrantDecision {
  if (grant.denyTools?.includes(tool.name)) return { granted: false, rule: "deny-list" };
  const capability = firstGrantedCapability(grant, tool);
  if (capability === undefined) {
    return { granted: false, rule: `capability-not-granted:${toolCapabilities(tool).join("|")}` };
  }
  if (grant.allowTools !== undefined && !grant.allowTools.includes(tool.name)) {
    return { granted: false, rule: "not-in-allow-list" };
  }
  if (grant.scope !== undefined) {
    for (const dimension of Object.keys(grant.scope)) {
      if (tool.scope?.[dimension] === undefined)
        return { granted: false, rule: `scope-undeclared:${dimension}` };
    }
  }
  return { granted: true, rule: grantedRule(grant.allowTools !== undefined, capability) };
}

function firstGrantedCapability(grant: FeatureGrant, tool: AnyTool): string | undefined {
  if (typeof tool.capability === "string")
    return grant.capabilities.includes(tool.capability) ? tool.capability : undefined;
  for (const candidate of toolCapabilities(tool))
    if (grant.capabilities.includes(candidate)) return candidate;
  return undefined;
}

/** Granting rules, one string each: thousands of tools share a handful of rules. */
const grantedRules = { capability: new Map<string, string>(), allowList: new Map<string, string>() };

function grantedRule(allowList: boolean, capability: string): string {
  const rules = allowList ? grantedRules.allowList : grantedRules.capability;
  let rule = rules.get(capability);
  if (rule === undefined) {
    rule = allowList ? `allow-list+capability:${capability}` : `capability:${capability}`;
    rules.set(capability, rule);
  }
  return rule;
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
