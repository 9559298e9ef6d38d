// Preloaded with `node --import` (through NODE_OPTIONS, so the Pods an orchestrator starts load it
// too): registers an OpenTelemetry SDK that appends every ended span to $TRACE_TO_FILE as one
// JSON line, synchronously, so a span is on disk however the process ends. Scenarios read the file
// to check that the spans of several processes form one trace.
import { appendFileSync } from "node:fs";
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { ExportResultCode, W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

const file = process.env.TRACE_TO_FILE;
if (file === undefined || file === "") throw new Error("trace-to-file.mjs: set TRACE_TO_FILE");

const exporter = {
  export(spans, done) {
    for (const span of spans) {
      const line = {
        pid: process.pid,
        name: span.name,
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
        parentSpanId: span.parentSpanContext?.spanId ?? null,
        attributes: span.attributes,
        status: span.status,
      };
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    }
    done({ code: ExportResultCode.SUCCESS });
  },
  shutdown: async () => {},
};

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
);
