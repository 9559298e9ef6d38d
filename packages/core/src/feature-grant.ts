/**
 * A per-call constraint on one scope dimension, as data:
 * `"bound"` — the subject must be the one bound to the toolset (e.g. the coder's own ticket);
 * `{ oneOf: [...] }` — the subject must be one of these.
 */
export type ScopeConstraint = "bound" | { readonly oneOf: readonly string[] };

/** What a role gets from one feature. */
export interface FeatureGrant<Capability extends string = string, ToolName extends string = string> {
  /** Tools whose capability is listed here are granted (narrowed by the lists below). */
  readonly capabilities: readonly Capability[];
  /** When present, only these tools (that also have a granted capability). */
  readonly allowTools?: readonly ToolName[];
  /** Never these tools. */
  readonly denyTools?: readonly ToolName[];
  /** Constraints checked on every call, by scope dimension, e.g. `{ ticket: "bound" }`. */
  readonly scope?: Readonly<Record<string, ScopeConstraint>>;
}
