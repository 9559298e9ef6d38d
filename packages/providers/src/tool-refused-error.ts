import { PodkitError, type ToolErrorCode, type ToolErrorPayload } from "@podkit/core";

const TOOL_REFUSED_ERROR = "podkit.tool-refused-error";
const toolRefusedErrorBrand = Symbol.for(TOOL_REFUSED_ERROR);

/**
 * Thrown from an AI SDK tool's `execute` when the toolset refuses the call, so the SDK records a
 * `tool-error` and the model reads `code: message`. `code` is the toolset's (`unknown_tool`,
 * `invalid_input`, `out_of_scope`, …).
 */
export class ToolRefusedError extends PodkitError {
  protected readonly [toolRefusedErrorBrand] = true;
  declare readonly code: ToolErrorCode;
  readonly tool: string;
  readonly refusal: ToolErrorPayload;

  constructor(tool: string, refusal: ToolErrorPayload) {
    super(refusal.code, `${refusal.code}: ${refusal.message}`);
    this.tool = tool;
    this.refusal = refusal;
  }

  /** Whether `error` is a toolset refusal thrown by an AI SDK tool, from any copy of this package. */
  static override isInstance(error: unknown): error is ToolRefusedError {
    return PodkitError.hasBrand(error, TOOL_REFUSED_ERROR);
  }
}
