import { PodkitError } from "./errors.js";
import type { ToolErrorCode, ToolErrorPayload } from "./tool-result.js";

const TOOL_REFUSED_ERROR = "podkit.tool-refused-error";
const toolRefusedErrorBrand = Symbol.for(TOOL_REFUSED_ERROR);

/**
 * A tool call came back refused, thrown by a caller that wants an exception rather than a
 * `{ ok: false }` result (the orchestrator's ticket client, an AI SDK tool's `execute`). `code`
 * is the toolset's (`lease_lost`, `conflict`, `out_of_scope`, …) and the message reads
 * `code: message`, as a model is shown it; `tool` names the tool that refused.
 */
export class ToolRefusedError extends PodkitError {
  protected readonly [toolRefusedErrorBrand] = true;
  declare readonly code: ToolErrorCode;
  /** The tool that refused the call. */
  readonly tool: string;
  /** The refusal exactly as the toolset returned it. */
  readonly refusal: ToolErrorPayload;

  constructor(tool: string, refusal: ToolErrorPayload, options?: { cause?: unknown }) {
    super(refusal.code, `${refusal.code}: ${refusal.message}`, options);
    this.tool = tool;
    this.refusal = refusal;
  }

  /** Whether `error` is a refused tool call, from any copy of `@podkit/core`. */
  static override isInstance(error: unknown): error is ToolRefusedError {
    return PodkitError.hasBrand(error, TOOL_REFUSED_ERROR);
  }
}
