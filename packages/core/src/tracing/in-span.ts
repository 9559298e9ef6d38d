import { type Attributes, type Span, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { describeError, PodkitError } from "../errors.js";
import { PODKIT_ATTRIBUTES } from "./podkit-attributes.js";
import { podkitTracer } from "./podkit-tracer.js";

/**
 * Runs `fn` in a new active span (a child of the active one) and ends the span when `fn` settles;
 * a thrown error marks the span failed ({@link markFailed}) and is thrown on. A no-op span
 * unless the host registered an OpenTelemetry SDK. `kind` is INTERNAL unless given (a model call is CLIENT).
 */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => T | Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  return podkitTracer.startActiveSpan(name, { attributes, kind }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Marks a span failed by `error`: status ERROR with its message, the exception recorded, and
 * `error.type` — the podkit error code (also as `podkit.error_code`) or the error's class name.
 */
export function markFailed(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const message = describeError(error);
  const code = PodkitError.isInstance(error) ? error.code : undefined;
  if (error instanceof Error) span.recordException(error);
  else span.recordException(message);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.setAttribute("error.type", code ?? (error instanceof Error ? error.name : typeof error));
  if (code !== undefined) span.setAttribute(PODKIT_ATTRIBUTES.errorCode, code);
}
