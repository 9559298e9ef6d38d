import { brandGuard, PodkitError } from "./errors.js";
import type { ToolErrorCode, ToolErrorPayload } from "./tool-result.js";

/**
 * A tool call came back refused, thrown by a caller that wants an exception rather than a
 * `{ ok: false }` result (the orchestrator's ticket client, an AI SDK tool's `execute`). `code`
 * is the toolset's (`lease_lost`, `conflict`, `out_of_scope`, …) and the message reads
 * `code: message`, as a model is shown it; `tool` names the tool that refused.
 */
export class ToolRefusedError extends PodkitError<ToolErrorCode> {
  static override readonly isInstance = brandGuard<ToolRefusedError>("podkit.tool-refused-error");
  /** The tool that refused the call. */
  readonly tool: string;
  /** The refusal exactly as the toolset returned it. */
  readonly refusal: ToolErrorPayload;

  constructor(tool: string, refusal: ToolErrorPayload, options?: { cause?: unknown }) {
    super(refusal.code, `${refusal.code}: ${refusal.message}`, options);
    this.tool = tool;
    this.refusal = refusal;
  }
}
