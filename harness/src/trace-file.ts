import { existsSync, readFileSync } from "node:fs";

/** One span as `trace-to-file.mjs` writes it. */
export interface FileSpan {
  readonly pid: number;
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | null;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly status: { readonly code: number; readonly message?: string };
}

/** The `trace-to-file.mjs` preload, by URL. */
const TRACE_TO_FILE = new URL("./trace-to-file.mjs", import.meta.url).href;

/**
 * Environment variables that make a Node process (and every Node process it starts, which inherits
 * them) register an OpenTelemetry SDK appending its spans to `file`.
 */
export function traceToFileEnvironment(file: string): Record<string, string> {
  const inherited = process.env.NODE_OPTIONS;
  const preload = `--import ${TRACE_TO_FILE}`;
  return { NODE_OPTIONS: inherited ? `${inherited} ${preload}` : preload, TRACE_TO_FILE: file };
}

/** The spans written to `file` so far, in the order they ended (none when it does not exist). */
export function readTraceFile(file: string): FileSpan[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as FileSpan);
}
