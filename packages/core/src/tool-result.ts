import { brandGuard, PodkitError } from "./errors.js";

/** Codes a tool call can fail with; domain features may add their own. */
export type ToolErrorCode =
  | "unknown_tool"
  | "invalid_input"
  | "out_of_scope"
  | "conflict"
  | "not_found"
  | "lease_lost"
  | "precondition_failed"
  | "internal"
  | (string & {});

/** A refusal or failure as a model sees it: a stable code and a message it can act on. */
export interface ToolErrorPayload {
  readonly code: ToolErrorCode;
  readonly message: string;
}

/** The structured outcome of every `toolset.call`; nothing throws out of a call. */
export type ToolResult<Output = unknown> =
  | { readonly ok: true; readonly output: Output }
  | { readonly ok: false; readonly error: ToolErrorPayload };

/**
 * Thrown inside `execute` to refuse a call for a domain reason (`conflict`, `not_found`, …).
 * The toolset turns it into `{ ok: false, error }`; any other throw becomes `internal`.
 */
export class ToolError<Code extends string = ToolErrorCode> extends PodkitError<Code> {
  static override readonly isInstance = brandGuard<ToolError>("podkit.tool-error");
}

/** Builds a failed result. */
export function toolFailure(code: ToolErrorCode, message: string): ToolResult<never> {
  return { ok: false, error: { code, message } };
}
