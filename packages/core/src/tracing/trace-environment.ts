import { type Context, context, propagation, ROOT_CONTEXT } from "@opentelemetry/api";

/**
 * The environment variables that carry a trace into a child process, as the OpenTelemetry
 * specification names them (the W3C `traceparent` and `tracestate` headers, upper-cased). The
 * orchestrator sets them for each Pod; `podkit call`, `podkit agent` and `podkit mcp` continue the
 * trace they name.
 */
export const TRACE_ENV = {
  /** The W3C `traceparent`: the trace id and the span the child's spans descend from. */
  traceparent: "TRACEPARENT",
  /** The W3C `tracestate`: vendor-specific trace data, passed on as is. */
  tracestate: "TRACESTATE",
} as const;

/**
 * The environment variables that continue `from` (the active context by default) in a child
 * process, through the host's registered propagator (e.g. `{ TRACEPARENT: "00-…" }`). Empty when
 * no SDK or propagator is registered, or no span is active.
 */
export function traceEnvironment(from: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier, {
    set: (target, key, value) => {
      target[toEnvName(key)] = value;
    },
  });
  return carrier;
}

/**
 * The context a process continues from its environment (`TRACEPARENT`, `TRACESTATE`) through the
 * host's registered propagator: run work in it with `context.with`. The root context when the
 * environment names no trace.
 */
export function contextFromTraceEnvironment(env: Readonly<Record<string, string | undefined>>): Context {
  return propagation.extract(ROOT_CONTEXT, env, {
    keys: (carrier) => Object.keys(carrier).map((name) => name.toLowerCase()),
    get: (carrier, key) => carrier[toEnvName(key)],
  });
}

/** A propagation field (`traceparent`) as an environment variable name (`TRACEPARENT`). */
function toEnvName(key: string): string {
  return key.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
}
