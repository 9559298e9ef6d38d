import { type Attributes, context, SpanStatusCode, trace } from "@opentelemetry/api";
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

/**
 * Runs one toolset call in a {@link TOOLSET_CALL_SPAN} span with `attributes`
 * ({@link toolsetCallAttributes}) and `podkit.outcome` — `ok` or the refusal code (the span's
 * status is then ERROR). Without a registered SDK the call runs as is, with nothing but a
 * non-recording span made.
 */
export function traceToolsetCall(
  attributes: Attributes,
  call: () => Promise<ToolResult>,
): Promise<ToolResult> {
  const span = podkitTracer.startSpan(TOOLSET_CALL_SPAN, { attributes });
  if (!span.isRecording()) return call();
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
