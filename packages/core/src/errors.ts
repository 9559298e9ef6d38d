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

/** Base error of `@podkit/core`: a stable `code`, a message that names the culprit, and an optional `cause`. */
export class PodkitError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A feature or tool that cannot be registered; thrown at startup, never at call time. */
export class RegistrationError extends PodkitError {
  declare readonly code: PodkitErrorCode;
}

/** Lists names for a message: `'a', 'b', 'c'`, or `(none)`. */
export function quoteList(names: Iterable<string>): string {
  const quoted = [...names].map((name) => `'${name}'`);
  return quoted.length === 0 ? "(none)" : quoted.join(", ");
}

/** An error's message for a log line or report; never throws, whatever was thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return `(a thrown ${typeof error} that cannot be printed)`;
  }
}
