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

const PODKIT_ERROR = "podkit.error";
const podkitErrorBrand = Symbol.for(PODKIT_ERROR);

/**
 * The root of every podkit error: a stable string `code`, a message that names the culprit, and
 * an optional `cause`. Recognise one with `PodkitError.isInstance(error)` (or a subclass's own
 * `isInstance`), never `instanceof`: a brand keyed by `Symbol.for` is shared by every copy of a
 * package, so a host that loads two copies of `@podkit/core` still tells its errors apart.
 */
export class PodkitError extends Error {
  protected readonly [podkitErrorBrand] = true;
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }

  /** Whether `error` is a podkit error, from this copy of `@podkit/core` or any other. */
  static isInstance(error: unknown): error is PodkitError {
    return PodkitError.hasBrand(error, PODKIT_ERROR);
  }

  /**
   * Whether `error` carries the brand `Symbol.for(brand)`; subclasses declare a brand field of
   * their own and implement `isInstance` with this.
   */
  protected static hasBrand(error: unknown, brand: string): boolean {
    const key = Symbol.for(brand);
    return (
      typeof error === "object" &&
      error !== null &&
      key in error &&
      (error as Record<symbol, unknown>)[key] === true
    );
  }
}

const REGISTRATION_ERROR = "podkit.registration-error";
const registrationErrorBrand = Symbol.for(REGISTRATION_ERROR);

/** A feature or tool that cannot be registered; thrown at startup, never at call time. */
export class RegistrationError extends PodkitError {
  protected readonly [registrationErrorBrand] = true;
  declare readonly code: PodkitErrorCode;

  /** Whether `error` is a registration error, from any copy of `@podkit/core`. */
  static override isInstance(error: unknown): error is RegistrationError {
    return PodkitError.hasBrand(error, REGISTRATION_ERROR);
  }
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
