import { type Attributes, context, type Span, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Actor } from "../tool.js";
import type { ToolResult } from "../tool-result.js";
import { markFailed } from "./in-span.js";
import { PODKIT_ATTRIBUTES } from "./podkit-attributes.js";
import { podkitTracer } from "./podkit-tracer.js";

/** The name of the span around every `Toolset.call`. */
export const TOOLSET_CALL_SPAN = "podkit.toolset.call";

/** The attributes of a {@link TOOLSET_CALL_SPAN} span: the tool, the role, the agent and the bound ticket. */
export function toolsetCallAttributes(
  tool: string,
  actor: Actor,
  bindings: Readonly<Record<string, string>>,
): Attributes {
  return {
    [PODKIT_ATTRIBUTES.tool]: tool,
    [PODKIT_ATTRIBUTES.role]: actor.role,
    [PODKIT_ATTRIBUTES.agentId]: actor.agentId,
    ...(bindings.ticket === undefined ? {} : { [PODKIT_ATTRIBUTES.ticketId]: bindings.ticket }),
  };
}

/** Starts a {@link TOOLSET_CALL_SPAN} span with `attributes` ({@link toolsetCallAttributes}); non-recording without a registered SDK. */
export function startToolsetCallSpan(attributes: Attributes): Span {
  return podkitTracer.startSpan(TOOLSET_CALL_SPAN, { attributes });
}

/**
 * Runs one toolset call as the active span `span` ({@link startToolsetCallSpan}), records
 * `podkit.outcome` — `ok` or the refusal code (the span's status is then ERROR) — and ends it.
 * The caller runs the call as is when the span is not recording.
 */
export function traceToolsetCall(span: Span, call: () => Promise<ToolResult>): Promise<ToolResult> {
  return context.with(trace.setSpan(context.active(), span), async () => {
    try {
      const result = await call();
      span.setAttribute(PODKIT_ATTRIBUTES.outcome, result.ok ? "ok" : result.error.code);
      if (!result.ok) {
        span.setAttribute("error.type", result.error.code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.message });
      }
      return result;
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}
