import { context } from "@opentelemetry/api";
import { contextFromTraceEnvironment } from "@podkit/core";

/**
 * Runs a Pod command's work in the trace its environment names (`TRACEPARENT`, `TRACESTATE`, set by
 * the orchestrator for each Pod), so its spans join the ticket's trace. As is when none is named,
 * or when the host registered no OpenTelemetry SDK (there is then no trace to join).
 */
export function continueTrace<T>(
  env: Readonly<Record<string, string | undefined>>,
  work: () => Promise<T>,
): Promise<T> {
  return context.with(contextFromTraceEnvironment(env), work);
}
