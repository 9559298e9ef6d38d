/** Stable codes for every error `@podkit/core` raises or returns. */
export type PodkitErrorCode =
  | "invalid_tool_name"
  | "invalid_tool"
  | "feature_in_use"
  | "invalid_feature_id"
  | "duplicate_feature"
  | "tool_name_collision"
  | "missing_dependency"
  | "dependency_cycle"
  | "invalid_role_profile"
  | "invalid_role_config"
  | "unknown_role"
  | "unsupported_schema";

/** A type guard that recognises an error class's instances by a brand, from any copy of its package. */
export interface BrandGuard<E> {
  (error: unknown): error is E;
  /** The `Symbol.for` key every instance of the class carries. */
  readonly brand: string;
}

/**
 * The `isInstance` of a podkit error class: recognises errors marked with `Symbol.for(brand)`.
 * Use a brand no other class uses, e.g. `"podkit.agent-error"`.
 */
export function brandGuard<E extends PodkitError>(brand: string): BrandGuard<E> {
  const key = Symbol.for(brand);
  const guard = (error: unknown): error is E =>
    typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[key] === true;
  return Object.assign(guard, { brand });
}

/**
 * The root of every podkit error: a stable string `code`, a message that names the culprit, and
 * an optional `cause`. Recognise one with `PodkitError.isInstance(error)` (or a subclass's own
 * `AgentError.isInstance(error)`), never `instanceof`: each class's `isInstance` is a
 * {@link brandGuard}, and every instance carries the brand of its class and of each ancestor,
 * shared by every copy of a package, so a host that loads two copies of `@podkit/core` still tells
 * its errors apart. A subclass needs only its codes and its guard:
 * `class AgentError extends PodkitError<AgentErrorCode> { static override readonly isInstance = brandGuard<AgentError>("podkit.agent-error") }`.
 */
export class PodkitError<Code extends string = string> extends Error {
  /** Whether `error` is a podkit error, from this copy of `@podkit/core` or any other. */
  static readonly isInstance: BrandGuard<PodkitError> = brandGuard("podkit.error");
  /** The stable code a caller branches on; `docs/errors.md` lists every one. */
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    markBrands(this, new.target);
  }
}

/** Marks `error` with the brand of `errorClass` and of every podkit error class it extends. */
function markBrands(error: PodkitError, errorClass: unknown): void {
  for (let current = errorClass; typeof current === "function"; current = Object.getPrototypeOf(current)) {
    if (!Object.hasOwn(current, "isInstance")) continue;
    const brand: unknown = Reflect.get(Reflect.get(current, "isInstance") ?? {}, "brand");
    if (typeof brand !== "string") continue;
    Object.defineProperty(error, Symbol.for(brand), { value: true, enumerable: false });
  }
}

/** A feature or tool that cannot be registered; thrown at startup, never at call time. */
export class RegistrationError extends PodkitError<PodkitErrorCode> {
  static override readonly isInstance = brandGuard<RegistrationError>("podkit.registration-error");
}

/** Lists names for a message: `'a', 'b', 'c'`, or `(none)`. */
export function quoteList(names: Iterable<string>): string {
  const quoted = [...names].map((name) => `'${name}'`);
  return quoted.length === 0 ? "(none)" : quoted.join(", ");
}

/** An error's message for a log line or report; never throws, whatever was thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error || PodkitError.isInstance(error)) return (error as Error).message;
  try {
    return String(error);
  } catch {
    return `(a thrown ${typeof error} that cannot be printed)`;
  }
}
