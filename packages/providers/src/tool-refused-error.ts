import { PodkitError, type ToolErrorCode, type ToolErrorPayload } from "@podkit/core";

/**
 * Thrown from an AI SDK tool's `execute` when the toolset refuses the call, so the SDK records a
 * `tool-error` and the model reads `code: message`. `code` is the toolset's (`unknown_tool`,
 * `invalid_input`, `out_of_scope`, …).
 */
export class ToolRefusedError extends PodkitError {
  declare readonly code: ToolErrorCode;
  readonly tool: string;
  readonly refusal: ToolErrorPayload;

  constructor(tool: string, refusal: ToolErrorPayload) {
    super(refusal.code, `${refusal.code}: ${refusal.message}`);
    this.tool = tool;
    this.refusal = refusal;
  }
}
