import { type Tracer, trace } from "@opentelemetry/api";

/**
 * The tracer every podkit span comes from. A proxy: until the host registers a tracer provider it
 * makes non-recording spans, and it follows the provider registered later.
 */
export const podkitTracer: Tracer = trace.getTracer("podkit");
